package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.config.StartupNotice;
import org.stunneljava.config.TlsOptions;
import org.stunneljava.config.TlsVersion;
import org.stunneljava.config.Verification;
import org.stunneljava.log.Severity;
import org.stunneljava.testkit.OpenSsl;
import org.stunneljava.testkit.PemFiles;
import org.stunneljava.testkit.TestCertBuilder;
import org.stunneljava.testkit.TestKeys;
import org.stunneljava.testkit.TestPki;

@DisplayName("TlsMaterial loads cert, key and CAfile like stunnel, and names the file in every error")
class TlsMaterialTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
    }

    @Test
    void a_pem_with_chain_and_key_gives_the_chain_leaf_first_and_an_ec_key() throws Exception {
        TlsMaterial m = load(pki.serverPem(), null, pki.caPem());
        assertEquals(2, m.chain().size());
        assertEquals("CN=localhost", OneLineName.format(m.chain().getFirst().getSubject()));
        assertEquals(Optional.of(KeyType.EC), m.keyType());
        PrivateKeyFactory.createKey(m.privateKey().orElseThrow()); // what the handshake code will do
        assertEquals(List.of(pki.rootCert()), m.trustedCertificates());
        assertEquals("CN=Test Root CA, O=stunnel-java tests", OneLineName.format(m.trustedSubjects().getFirst()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"server-key.pem", "server-key-traditional.pem"})
    void a_separate_key_file_in_pkcs8_or_sec1_is_accepted(String keyFile) throws Exception {
        TlsMaterial m = load(pki.server().chainPem(), dir.resolve(keyFile), null);
        assertEquals(Optional.of(KeyType.EC), m.keyType());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"server-key.pem", "server-key-traditional.pem"})
    void rsa_keys_in_pkcs8_and_pkcs1_are_accepted(String keyFile) throws Exception {
        Path rsaDir = dir.resolve("rsa");
        if (!Files.exists(rsaDir)) {
            TestPki.create(rsaDir, TestKeys.Algorithm.RSA_2048);
        }
        TlsMaterial m = load(rsaDir.resolve("server-chain.pem"), rsaDir.resolve(keyFile), null);
        assertEquals(Optional.of(KeyType.RSA), m.keyType());
    }

    @Test
    void an_ed25519_key_is_accepted() throws Exception {
        var keys = TestKeys.fresh(TestKeys.Algorithm.ED25519);
        var cert = TestCertBuilder.subject("CN=ed", keys, TestKeys.Algorithm.ED25519).build();
        Path file = PemFiles.writeSecret(dir.resolve("ed.pem"), PemFiles.certs(List.of(cert.cert())),
                PemFiles.pkcs8(keys.getPrivate()));
        assertEquals(Optional.of(KeyType.ED25519), load(file, null, null).keyType());
    }

    @Test
    void a_pkcs12_file_with_an_empty_password_is_detected_by_content() throws Exception {
        TlsMaterial m = load(pki.server().p12NoPassword(), null, null);
        assertEquals(2, m.chain().size());
        assertEquals(Optional.of(KeyType.EC), m.keyType());
    }

    @Test
    void a_pkcs12_file_made_by_openssl_with_an_empty_password_loads() throws Exception {
        OpenSsl.assumeInstalled();
        Path p12 = dir.resolve("openssl.p12");
        var r = OpenSsl.run("pkcs12", "-export", "-in", pki.serverPem().toString(), "-out", p12.toString(),
                "-passout", "pass:");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(2, load(p12, null, null).chain().size());
    }

    @Test
    void a_password_protected_pkcs12_file_without_a_password_option_says_what_to_add() {
        assertError(pki.server().p12(), null, null, "Service [s]: cert = \"" + pki.server().p12()
                + "\": the PKCS#12 file is password-protected: add \"keyPasswordFile = FILE\" or"
                + " \"keyPasswordEnv = NAME\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"server-key-encrypted.pem", "server-key-encrypted-traditional.pem"})
    void an_encrypted_pem_key_without_a_password_option_says_what_to_add(String keyFile) {
        Path key = dir.resolve(keyFile);
        assertError(pki.server().chainPem(), key, null, "Service [s]: key = \"" + key
                + "\": the private key is encrypted: add \"keyPasswordFile = FILE\" or \"keyPasswordEnv = NAME\"");
    }

    @Test
    void a_missing_cert_file_is_named() {
        Path missing = dir.resolve("nope.pem");
        assertError(missing, null, null, "Service [s]: cert = \"" + missing + "\": file not found");
    }

    @Test
    void a_cert_file_without_a_certificate_is_named() throws Exception {
        Path keyOnly = pki.server().keyPem();
        assertError(keyOnly, null, null, "Service [s]: cert = \"" + keyOnly + "\": no certificate found");
    }

    @Test
    void a_cert_file_without_a_key_and_no_key_option_is_named() {
        Path chainOnly = pki.server().chainPem();
        assertError(chainOnly, null, null, "Service [s]: key = \"" + chainOnly + "\": no private key found");
    }

    @Test
    void a_key_of_another_certificate_is_a_mismatch() {
        Path key = pki.client().keyPem();
        assertError(pki.server().chainPem(), key, null, "Service [s]: key = \"" + key
                + "\": private key does not match the certificate in cert = \"" + pki.server().chainPem() + "\"");
    }

    @Test
    void malformed_pem_is_named() throws Exception {
        Path bad = PemFiles.write(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
        assertError(bad, null, null, "Service [s]: cert = \"" + bad + "\": malformed PEM data");
    }

    @Test
    void a_ca_file_with_no_certificate_is_an_error() {
        assertError(pki.serverPem(), null, pki.emptyPem(),
                "Service [s]: CAfile = \"" + pki.emptyPem() + "\": no certificate found");
    }

    @Test
    void a_missing_ca_file_is_named() {
        Path missing = dir.resolve("ca-missing.pem");
        assertError(null, null, missing, "Service [s]: CAfile = \"" + missing + "\": file not found");
    }

    @Test
    void a_client_without_cert_and_ca_file_has_no_material_and_says_no_trusted_certificates() throws Exception {
        TlsMaterial m = load(null, null, null);
        assertTrue(m.chain().isEmpty());
        assertTrue(m.privateKey().isEmpty());
        assertTrue(m.trust().isEmpty());
        assertEquals(List.of(new StartupNotice(Severity.ERR, "No trusted certificates found")), m.notices());
    }

    @Test
    void a_key_file_readable_by_others_gives_stunnels_warning_but_group_access_does_not() throws Exception {
        Path key = Files.copy(pki.serverPem(), dir.resolve("perm-" + System.nanoTime() + ".pem"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        assertFalse(load(key, null, null).notices().stream().anyMatch(n -> n.severity() == Severity.WARNING));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw----r--"));
        assertTrue(load(key, null, null).notices().contains(
                new StartupNotice(Severity.WARNING, "Insecure file permissions on " + key)));
    }

    @Test
    void loading_logs_stunnels_info_lines_in_order() throws Exception {
        TlsMaterial m = load(pki.serverPem(), null, pki.caPem());
        assertEquals(List.of("Loading certificate from file: " + pki.serverPem(),
                "Certificate loaded from file: " + pki.serverPem(),
                "Loading private key from file: " + pki.serverPem(),
                "Private key loaded from file: " + pki.serverPem()),
                m.notices().stream().map(StartupNotice::text).toList());
    }

    private TlsMaterial load(Path cert, Path key, Path ca) throws TlsMaterialException {
        Verification v = new Verification(false, ca != null, false, List.of(), List.of(), Optional.ofNullable(ca));
        return TlsMaterial.load("s", new TlsOptions(Optional.ofNullable(cert), Optional.ofNullable(key), v,
                TlsVersion.TLSv1_2, TlsVersion.TLSv1_3, Optional.empty()));
    }

    private void assertError(Path cert, Path key, Path ca, String messageStart) {
        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> load(cert, key, ca));
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }
}
