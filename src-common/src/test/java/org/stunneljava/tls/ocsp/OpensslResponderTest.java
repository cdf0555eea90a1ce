package org.stunneljava.tls.ocsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.OcspOptions;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OcspPki;
import org.stunneljava.testkit.PemFiles;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.tls.LogLine;
import org.stunneljava.tls.TrustStore;
import org.stunneljava.tls.X509Error;

/**
 * Our requests and response checks against OpenSSL's own responder ({@code openssl ocsp -index}, port 0): the
 * request encoding OpenSSL parses, the responses it signs (responder certificate included, name ID, nonce echoed).
 */
class OpensslResponderTest {
    @TempDir
    static Path dir;
    static TestPki base;
    static OcspPki pki;
    static ManagedProcess openssl;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        base = TestPki.create(dir);
        pki = OcspPki.create(base, "http://127.0.0.1:1/unused");
        Path ca = PemFiles.write(dir.resolve("responder.pem"), PemFiles.certs(List.of(pki.intermediate().cert())));
        Path key = PemFiles.writeSecret(dir.resolve("responder-key.pem"),
                PemFiles.pkcs8(pki.intermediate().keys().getPrivate()));
        Path index = PemFiles.write(dir.resolve("index.txt"),
                line("V", pki.client().cert()), line("R", pki.revokedClient().cert()));
        openssl = ManagedProcess.start("openssl-ocsp", List.of(Capabilities.command("openssl").toString(), "ocsp",
                "-index", index.toString(), "-port", "0", "-rsigner", ca.toString(), "-rkey", key.toString(),
                "-CA", ca.toString(), "-nmin", "5", "-ignore_err"));
        url = "http://127.0.0.1:" + openssl.await("^ACCEPT .*:(\\d+) ", Duration.ofSeconds(30)).group(1) + "/";
    }

    @AfterAll
    static void stop() {
        if (openssl != null) {
            openssl.close();
        }
    }

    /** An {@code openssl ca} index line: status, expiry, revocation time, serial, file, subject. */
    private static String line(String status, X509Certificate cert) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
        String serial = cert.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        serial = serial.length() % 2 == 0 ? serial : "0" + serial;
        String revoked = status.equals("R") ? f.format(cert.getNotBefore().toInstant()) + ",keyCompromise" : "";
        return status + "\t" + f.format(cert.getNotAfter().toInstant()) + "\t" + revoked + "\t" + serial
                + "\tunknown\t/CN=x\n";
    }

    private static X509Error check(OcspPki.Holder client, boolean nonce, List<LogLine> log) {
        TrustStore trust = new TrustStore(List.of(base.rootCert()));
        OcspOptions options = new OcspOptions(Optional.of(url), false, Set.of(), nonce, true, Duration.ofSeconds(5));
        return new PeerOcsp(options, true, false, trust, Duration.ofSeconds(30), Clock.systemUTC())
                .atDepth(0, List.of(client.cert(), pki.intermediate().cert(), base.rootCert()), log);
    }

    private static boolean has(List<LogLine> log, String line) {
        return log.stream().anyMatch(l -> l.toString().equals(line));
    }

    @Test
    void GoodRevokedAndUnknownFromOpenssl() {
        List<LogLine> log = new ArrayList<>();
        assertEquals(X509Error.OK, check(pki.client(), false, log), log::toString);
        assertTrue(has(log, "LOG5: OCSP: Accepted (good)"), log::toString);
        log.clear();
        assertEquals(X509Error.CERT_REVOKED, check(pki.revokedClient(), false, log), log::toString);
        assertTrue(has(log, "LOG3: OCSP: Certificate revoked: 1: keyCompromise"), log::toString);
        log.clear();
        assertEquals(X509Error.APPLICATION_VERIFICATION, check(pki.unknownServer(), false, log), log::toString);
        assertTrue(has(log, "LOG4: OCSP: Unknown verification status"), log::toString);
    }

    @Test
    void OpensslEchoesOurNonce() {
        List<LogLine> log = new ArrayList<>();
        assertEquals(X509Error.OK, check(pki.client(), true, log), log::toString);
        assertTrue(log.stream().noneMatch(l -> l.text().contains("nonce")), log::toString);
    }
}
