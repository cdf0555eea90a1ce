package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OpenSsl;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * A cipher, group or key the service cannot use stops the server program at start-up, exit 1, with stunnel's
 * lines (checked against the real stunnel on the same file) and one of ours naming the file, line and option.
 */
@DisplayName("Server program: unusable ciphers, curves and keys are start-up errors at their line")
class CipherConfigIT {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
    }

    /** Our [!] lines before "Configuration failed", and stunnel's, for a [s] section with one more line. */
    private static List<List<String>> failures(String name, String cert, String line) throws Exception {
        Path conf = Confs.write(dir, name + ".conf", """
                pid =
                [s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:9
                cert = %s
                %s
                """.formatted(cert, line));
        try (ManagedProcess ours = Programs.stunnelJava(Programs.Mode.SERVER, conf);
             ManagedProcess stunnel = Programs.stunnel(conf)) {
            assertEquals(1, ours.awaitExit(Programs.START), ours.output());
            assertEquals(1, stunnel.awaitExit(Programs.START), stunnel.output());
            assertTrue(ours.boundPorts().isEmpty());
            return List.of(last4(errors(ours)), errors(stunnel));
        }
    }

    /** The error lines, without prefixes. */
    private static List<String> errors(ManagedProcess p) {
        return p.lines().stream().filter(l -> l.contains("[!] ") || l.contains("LOG3["))
                .map(l -> l.substring(l.indexOf(']') + 2).strip()).toList();
    }

    /** Ours end with the four lines the tests look at (a "No trusted certificates found" may precede them). */
    private static List<String> last4(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 4), lines.size());
    }

    private static Path real(String name) {
        try {
            return dir.resolve(name + ".conf").toRealPath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 1-based line of the extra option in the written file (after the preamble). */
    private static String at(String name, String line) {
        return real(name) + ":" + (Confs.PREAMBLE.split("\n").length + 6) + ": \""
                + line + "\": ";
    }

    @Test
    void aCipherStringThatMatchesNothing() throws Exception {
        List<List<String>> f = failures("ciphers", pki.serverPem().toString(), "ciphers = FOO:BAR");
        List<String> ours = f.get(0);
        assertEquals("SSL_CTX_set_cipher_list: error:0A0000B9:SSL routines::no cipher match", ours.get(0));
        assertTrue(ours.get(1).startsWith(at("ciphers", "ciphers = FOO:BAR")
                + "no cipher suite matches \"FOO:BAR\"; accepted: OpenSSL cipher strings made of the aliases ALL, "),
                ours.get(1));
        assertEquals(List.of("Service [s]: Failed to initialize TLS context", "Configuration failed"),
                ours.subList(2, 4));
        List<String> stunnel = f.get(1);
        assertTrue(stunnel.stream().anyMatch(l -> l.startsWith("SSL_CTX_set_cipher_list: ")), stunnel.toString());
        assertTrue(stunnel.stream().anyMatch(l -> l.endsWith("SSL routines::no cipher match")), stunnel.toString());
        assertEquals(ours.subList(2, 4), last4(stunnel).subList(2, 4));
    }

    @Test
    void anUnknownCurve() throws Exception {
        List<List<String>> f = failures("curves", pki.serverPem().toString(), "curves = P-256:p-384");
        List<String> ours = f.get(0);
        List<String> stunnel = f.get(1);
        assertEquals("Invalid groups list in 'curves'", ours.get(0));
        assertTrue(ours.get(1).startsWith(at("curves", "curves = P-256:p-384")
                + "unknown group \"p-384\"; accepted (case-sensitive): "), ours.get(1));
        assertEquals(List.of("Invalid groups list in 'curves'", "Service [s]: Failed to initialize TLS context",
                "Configuration failed"), last4(stunnel).subList(1, 4));
        assertEquals(last4(stunnel).subList(2, 4), ours.subList(2, 4));
    }

    /** OpenSSL refuses a 1024-bit RSA certificate at the default security level 2; so do we. */
    @Test
    void aKeyBelowTheSecurityLevel() throws Exception {
        OpenSsl.assumeInstalled();
        Path weak = dir.resolve("rsa1024.pem");
        OpenSsl.Result r = OpenSsl.run("req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", weak.toString(),
                "-out", dir.resolve("rsa1024-cert.pem").toString(), "-subj", "/CN=localhost", "-days", "2");
        assertEquals(0, r.exitCode(), r.output());
        java.nio.file.Files.writeString(weak, java.nio.file.Files.readString(dir.resolve("rsa1024-cert.pem"))
                + java.nio.file.Files.readString(weak));
        List<List<String>> f = failures("weak", weak.toString(), "debug = info");
        List<String> ours = f.get(0);
        List<String> stunnel = f.get(1);
        assertTrue(stunnel.stream().anyMatch(l -> l.startsWith("SSL_CTX_use_certificate_chain_file: ")
                && l.endsWith("SSL routines::ee key too small")), stunnel.toString());
        assertEquals(List.of("SSL_CTX_use_certificate_chain_file: error:0A00018F:SSL routines::ee key too small",
                real("weak") + ":" + (Confs.PREAMBLE.split("\n").length + 5) + ": \"cert = "
                        + weak + "\": the certificate's RSA 1024-bit key offers 80 bits of security; security level 2"
                        + " needs 112 (RSA 2048 bits, EC 224 bits)",
                "Service [s]: Failed to initialize TLS context", "Configuration failed"),
                ours);
    }
}
