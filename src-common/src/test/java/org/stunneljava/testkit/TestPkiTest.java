package org.stunneljava.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generated PKI is one that openssl itself accepts and rejects the way the tests assume. */
@DisplayName("TestPki files, checked by openssl")
class TestPkiTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestKeys.Algorithm.class, names = {"EC_P256", "RSA_2048"})
    void openssl_verify_accepts_the_server_and_client_chains(TestKeys.Algorithm algorithm) throws Exception {
        OpenSsl.assumeInstalled();
        TestPki pki = TestPki.create(dir, algorithm);
        for (TestPki.Identity id : new TestPki.Identity[] {pki.server(), pki.client()}) {
            var r = OpenSsl.run("verify", "-CAfile", pki.caPem().toString(),
                    "-untrusted", pki.intermediatePem().toString(), id.certPem().toString());
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains(": OK"), r.output());
        }
        var withHost = OpenSsl.run("verify", "-CAfile", pki.caPem().toString(), "-untrusted",
                pki.intermediatePem().toString(), "-purpose", "sslserver", "-verify_hostname", "localhost",
                "-verify_ip", "127.0.0.1", pki.server().certPem().toString());
        assertEquals(0, withHost.exitCode(), withHost.output());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestKeys.Algorithm.class, names = {"EC_P256", "RSA_2048"})
    void openssl_verify_rejects_the_bad_certificates_for_the_intended_reason(TestKeys.Algorithm algorithm)
            throws Exception {
        OpenSsl.assumeInstalled();
        TestPki pki = TestPki.create(dir, algorithm);
        assertVerifyError(pki, pki.expired().certPem(), "certificate has expired");
        assertVerifyError(pki, pki.unknown().certPem(), "self-signed certificate");
        var wrongHost = OpenSsl.run("verify", "-CAfile", pki.caPem().toString(), "-untrusted",
                pki.intermediatePem().toString(), "-verify_hostname", "localhost", pki.wrongHost().certPem().toString());
        assertTrue(wrongHost.output().contains("hostname mismatch"), wrongHost.output());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestKeys.Algorithm.class, names = {"EC_P256", "RSA_2048"})
    void openssl_reads_every_key_form_and_both_pkcs12_files(TestKeys.Algorithm algorithm) throws Exception {
        OpenSsl.assumeInstalled();
        TestPki.Identity server = TestPki.create(dir, algorithm).server();
        for (Path key : new Path[] {server.pem(), server.keyPem(), server.keyTraditionalPem()}) {
            var r = OpenSsl.run("pkey", "-in", key.toString(), "-noout");
            assertEquals(0, r.exitCode(), key + ": " + r.output());
        }
        for (Path key : new Path[] {server.encryptedKeyPem(), server.encryptedTraditionalKeyPem()}) {
            var r = OpenSsl.run("pkey", "-in", key.toString(), "-passin", "pass:" + TestPki.PASSWORD, "-noout");
            assertEquals(0, r.exitCode(), key + ": " + r.output());
        }
        var p12 = OpenSsl.run("pkcs12", "-in", server.p12().toString(), "-passin", "pass:" + TestPki.PASSWORD,
                "-nodes", "-noout");
        assertEquals(0, p12.exitCode(), p12.output());
        var empty = OpenSsl.run("pkcs12", "-in", server.p12NoPassword().toString(), "-passin", "pass:",
                "-nodes", "-noout");
        assertEquals(0, empty.exitCode(), empty.output());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestKeys.Algorithm.class, names = {"EC_P256", "RSA_2048"})
    void openssl_checks_the_revoked_leaves_against_the_crls(TestKeys.Algorithm algorithm) throws Exception {
        OpenSsl.assumeInstalled();
        TestPki pki = TestPki.create(dir, algorithm);
        for (TestPki.Identity revoked : new TestPki.Identity[] {pki.revokedClient(), pki.revokedServer()}) {
            var r = OpenSsl.run("verify", "-crl_check", "-CAfile", pki.caPem().toString(), "-untrusted",
                    pki.intermediatePem().toString(), "-CRLfile", pki.crlPem().toString(),
                    revoked.certPem().toString());
            assertTrue(r.exitCode() != 0 && r.output().contains("certificate revoked"), r.output());
        }
        var good = OpenSsl.run("verify", "-crl_check", "-CApath", pki.caPath().toString(), "-untrusted",
                pki.intermediatePem().toString(), "-CRLfile", pki.crlPem().toString(),
                pki.client().certPem().toString());
        assertEquals(0, good.exitCode(), good.output());
        var viaCrlPath = OpenSsl.run("verify", "-crl_check", "-CApath", pki.crlPath().toString(), "-CAfile",
                pki.caPem().toString(), "-untrusted", pki.intermediatePem().toString(),
                pki.revokedClient().certPem().toString());
        assertTrue(viaCrlPath.output().contains("certificate revoked"), viaCrlPath.output());
    }

    @org.junit.jupiter.api.Test
    void hashed_directories_have_the_names_openssl_rehash_gives() throws Exception {
        OpenSsl.assumeInstalled();
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path copy = java.nio.file.Files.createDirectories(dir.resolve("rehashed"));
        PemFiles.write(copy.resolve("root.pem"), PemFiles.certs(java.util.List.of(pki.rootCert())));
        PemFiles.write(copy.resolve("root.crl"), PemFiles.crls(java.util.List.of(pki.rootCrl())));
        PemFiles.write(copy.resolve("intermediate.crl"), PemFiles.crls(java.util.List.of(pki.intermediateCrl())));
        var r = OpenSsl.run("rehash", copy.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(hashedNames(copy), java.util.stream.Stream.concat(hashedNames(pki.caPath()).stream(),
                hashedNames(pki.crlPath()).stream()).sorted().toList());
    }

    private static java.util.List<String> hashedNames(Path dir) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{8}\\.r?\\d+"))
                    .sorted().toList();
        }
    }

    private void assertVerifyError(TestPki pki, Path cert, String error) throws Exception {
        var r = OpenSsl.run("verify", "-CAfile", pki.caPem().toString(),
                "-untrusted", pki.intermediatePem().toString(), cert.toString());
        assertTrue(r.exitCode() != 0 && r.output().contains(error), r.output());
    }
}
