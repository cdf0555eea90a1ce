package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.config.KeyPassword;
import org.stunneljava.config.OcspOptions;
import org.stunneljava.config.PskOptions;
import org.stunneljava.config.SessionOptions;
import org.stunneljava.config.TlsOptions;
import org.stunneljava.config.TlsPolicy;
import org.stunneljava.config.TlsVersion;
import org.stunneljava.config.Verification;
import org.stunneljava.testkit.KeyFiles;
import org.stunneljava.testkit.OpenSsl;
import org.stunneljava.testkit.PemFiles;
import org.stunneljava.testkit.TestPki;

@DisplayName("Every key format loads with the right password, and a missing or wrong one is a clear error")
class KeyFormatsTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static List<KeyFiles.Case> cases;

    @BeforeAll
    static void files() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        cases = new ArrayList<>(KeyFiles.bouncyCastle(pki, dir.resolve("bc")));
        cases.addAll(KeyFiles.openssl(pki, dir.resolve("openssl")));
    }

    static Stream<KeyFiles.Case> all() {
        return cases.stream();
    }

    static Stream<KeyFiles.Case> encrypted() {
        return cases.stream().filter(c -> c.password().isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void loadsWithTheRightPasswordAndMatchesTheCertificate(KeyFiles.Case c) throws Exception {
        TlsMaterial m = load(c, c.password().map(p -> KeyPassword.fromEnvironment("PW", p)).orElse(KeyPassword.NONE));
        assertEquals(Optional.of(c.keyType()), m.keyType());
        assertEquals(2, m.chain().size());
        assertEquals(X500Name.getInstance(pki.intermediateCert().getSubjectX500Principal().getEncoded()),
                m.chain().get(1).getSubject(), "the leaf's issuer follows it");
        PrivateKeyFactory.createKey(m.privateKey().orElseThrow()); // what the handshake set-up does
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void aConfiguredPasswordDoesNotHurtAKeyThatNeedsNone(KeyFiles.Case c) throws Exception {
        if (c.password().isEmpty()) {
            assertEquals(Optional.of(c.keyType()), load(c, KeyPassword.fromEnvironment("PW", "unused")).keyType());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encrypted")
    void withoutAPasswordTheErrorSaysWhatToAdd(KeyFiles.Case c) {
        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> load(c, KeyPassword.NONE));
        String what = c.cert().toString().endsWith(".p12")
                ? "cert = \"" + c.cert() + "\": the PKCS#12 file is password-protected"
                : c.key().map(k -> "key = \"" + k + "\"").orElse("key = \"" + c.cert() + "\"")
                        + ": the private key is encrypted";
        assertEquals("Service [s]: " + what + ": add \"keyPasswordFile = FILE\" or \"keyPasswordEnv = NAME\"",
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encrypted")
    void aWrongPasswordIsABadDecryptNamingTheFileAndThePasswordSource(KeyFiles.Case c) {
        Path pwFile = dir.resolve("wrong.txt");
        TlsMaterialException e = assertThrows(TlsMaterialException.class,
                () -> load(c, KeyPassword.fromFile(pwFile, "wrong password")));
        String expected = c.cert().toString().endsWith(".p12")
                ? "Service [s]: cert = \"" + c.cert() + "\": mac verify failure: the password from keyPasswordFile = \""
                        + pwFile + "\" does not open the PKCS#12 file"
                : "Service [s]: key = \"" + c.key().orElse(c.cert()) + "\": bad decrypt: the password from "
                        + "keyPasswordFile = \"" + pwFile + "\" does not decrypt the private key";
        assertEquals(expected, e.getMessage());
    }

    @Test
    void aPkcs12FileWithoutAMacAndAWrongPasswordIsABadDecrypt() throws Exception {
        OpenSsl.assumeInstalled();
        Path p12 = dir.resolve("nomac-pass.p12");
        var r = OpenSsl.run("pkcs12", "-export", "-in", pki.server().chainPem().toString(), "-inkey",
                pki.server().keyPem().toString(), "-nomac", "-passout", "pass:right", "-out", p12.toString());
        assertEquals(0, r.exitCode(), r.output());
        KeyFiles.Case c = new KeyFiles.Case("nomac", p12, Optional.empty(), Optional.empty(), KeyType.EC);
        assertEquals(Optional.of(KeyType.EC), load(c, KeyPassword.fromEnvironment("PW", "right")).keyType());
        TlsMaterialException e = assertThrows(TlsMaterialException.class,
                () -> load(c, KeyPassword.fromEnvironment("PW", "wrong")));
        assertEquals("Service [s]: cert = \"" + p12 + "\": bad decrypt: the password from keyPasswordEnv = PW"
                + " does not open the PKCS#12 file", e.getMessage());
    }

    @Test
    void aPemCipherBouncyCastleDoesNotKnowIsNamed() throws Exception {
        OpenSsl.assumeInstalled();
        Path key = dir.resolve("camellia.key");
        var r = OpenSsl.run("ec", "-in", pki.server().keyTraditionalPem().toString(), "-camellia256",
                "-passout", "pass:x", "-out", key.toString());
        assertEquals(0, r.exitCode(), r.output());
        KeyFiles.Case c = new KeyFiles.Case("camellia", pki.server().chainPem(), Optional.of(key),
                Optional.of("x"), KeyType.EC);
        TlsMaterialException e = assertThrows(TlsMaterialException.class,
                () -> load(c, KeyPassword.fromEnvironment("PW", "x")));
        assertEquals("Service [s]: key = \"" + key + "\": cannot decrypt the private key: unsupported DEK-Info"
                + " cipher CAMELLIA-256-CBC", e.getMessage());
    }

    /** OpenSSL accepts both encodings of an empty password; each file here needs the other one. */
    @Test
    void anEmptyPkcs12PasswordIsTriedAsNoPasswordAndAsEmptyPassword() throws Exception {
        Path zeroLength = dir.resolve("bc/bc-zero.p12");
        Path terminator = dir.resolve("openssl/ossl-aes-empty.p12");
        assertEquals(List.of(true, false), macForms(zeroLength));
        assertEquals(List.of(false, true), macForms(terminator));
    }

    /** Whether the MAC verifies with [no password, empty password]. */
    private static List<Boolean> macForms(Path p12) throws Exception {
        MaterialFile file = MaterialFile.read("s", "cert", p12);
        var pfx = new org.bouncycastle.pkcs.PKCS12PfxPdu(file.bytes());
        return List.of(Pkcs12Mac.verifies(pfx, new char[0], false, file),
                Pkcs12Mac.verifies(pfx, new char[0], true, file));
    }

    @Test
    void pkcs12LoadingLogsStunnelsLines() throws Exception {
        Path p12 = pki.server().p12NoPassword();
        KeyFiles.Case c = new KeyFiles.Case("p12", p12, Optional.empty(), Optional.empty(), KeyType.EC);
        assertEquals(List.of("Loading certificate and private key from file: " + p12,
                "Certificate and private key loaded from file: " + p12, "No trusted certificates found"),
                load(c, KeyPassword.NONE).notices().stream().map(org.stunneljava.config.StartupNotice::text).toList());
    }

    /** OpenSSL derives keys from the password's bytes as given: UTF-8 here, for each kind of encryption. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pkcs8", "legacy pem", "pkcs12", "pkcs12 -legacy"})
    void aPasswordBeyondAsciiWorksAsOpensslWritesIt(String format) throws Exception {
        OpenSsl.assumeInstalled();
        String password = "pässwörd mit Leerzeichen €";
        Path pwFile = PemFiles.writeSecret(dir.resolve("utf8-password.txt"), "");
        java.nio.file.Files.writeString(pwFile, password + "\n", java.nio.charset.StandardCharsets.UTF_8);
        String plainKey = pki.server().keyTraditionalPem().toString();
        Path out = dir.resolve("utf8-" + format.replace(' ', '-') + (format.startsWith("pkcs12") ? ".p12" : ".key"));
        List<String> args = new ArrayList<>(switch (format) {
            case "pkcs8" -> List.of("pkcs8", "-topk8", "-in", plainKey);
            case "legacy pem" -> List.of("ec", "-in", plainKey, "-aes256");
            case "pkcs12" -> List.of("pkcs12", "-export", "-in", pki.server().chainPem().toString(), "-inkey", plainKey);
            default -> List.of("pkcs12", "-export", "-legacy", "-in", pki.server().chainPem().toString(), "-inkey",
                    plainKey);
        });
        args.addAll(List.of("-passout", "file:" + pwFile, "-out", out.toString()));
        var r = OpenSsl.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.output());
        boolean p12 = format.startsWith("pkcs12");
        KeyFiles.Case c = new KeyFiles.Case(format, p12 ? out : pki.server().chainPem(),
                p12 ? Optional.empty() : Optional.of(out), Optional.of(password), KeyType.EC);
        assertEquals(Optional.of(KeyType.EC), load(c, KeyPassword.fromFile(pwFile, password)).keyType());
    }

    private static TlsMaterial load(KeyFiles.Case c, KeyPassword password) throws TlsMaterialException {
        Verification v = new Verification(false, false, false, List.of(), List.of(), Optional.empty());
        return TlsMaterial.load("s", new TlsOptions(Optional.of(c.cert()), c.key(), v, TlsVersion.TLSv1_2,
                TlsVersion.TLSv1_3, Optional.empty(), TlsPolicy.DEFAULT, SessionOptions.DEFAULT, PskOptions.NONE,
                OcspOptions.DEFAULT, password));
    }
}
