package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.stunneljava.testkit.VerificationRow.row;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.PemFiles;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.testkit.VerificationRow;

/**
 * Server mode verifying client certificates, in-process, one table: every {@code verify} level (0-4) and the
 * flags behind it ({@code verifyChain}, {@code verifyPeer}, {@code requireCert}) against no certificate, a good,
 * pinned, unknown, expired and revoked one, with CAfile, CApath, CRLfile and CRLpath. Each row says what stunnel
 * 5.68 did for it (checked with s_client against stunnel): data flows, or the JDK client gets the fatal alert and
 * the backend is never dialled; and the stunnel line the connection logs.
 */
class ServerVerificationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;
    static Path rootAndClient;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        rootAndClient = PemFiles.write(dir.resolve("root-and-client.pem"),
                PemFiles.certs(List.of(pki.rootCert(), pki.client().cert())));
    }

    /** The client is a JDK TLS client presenting the row's peer certificate, if any. */
    static Stream<VerificationRow> rows() {
        String ca = "CAfile = %s\n";
        return Stream.of(
                row("verify 0 asks but accepts no certificate", p -> "verify = 0\n" + ca.formatted(p.caPem()),
                        p -> null, null, "TLS accepted: new session negotiated"),
                row("verify 0 accepts an unknown certificate unchecked", p -> "verify = 0\n" + ca.formatted(p.caPem()),
                        TestPki::unknown, null, "Certificate verification disabled"),
                row("verify 1 accepts no certificate", p -> "verify = 1\n" + ca.formatted(p.caPem()), p -> null, null,
                        "TLS accepted: new session negotiated"),
                row("verify 1 checks a presented certificate", p -> "verify = 1\n" + ca.formatted(p.caPem()),
                        TestPki::client, null, "Certificate accepted at depth=0: CN=client"),
                row("verify 1 rejects an unknown certificate", p -> "verify = 1\n" + ca.formatted(p.caPem()),
                        TestPki::unknown, "unknown_ca", "CERT: Pre-verification error: self-signed certificate"),
                row("verify 2 requires a certificate", p -> "verify = 2\n" + ca.formatted(p.caPem()), p -> null,
                        "certificate_required", "SSL_accept: peer did not return a certificate"),
                row("verify 2 accepts a good chain", p -> "verify = 2\n" + ca.formatted(p.caPem()), TestPki::client,
                        null, "Certificate accepted at depth=0: CN=client"),
                row("verify 3 accepts a pinned good chain", p -> "verify = 3\n" + ca.formatted(rootAndClient),
                        TestPki::client, null, "CERT: Locally installed certificate matched"),
                row("verify 3 rejects a good chain that is not pinned", p -> "verify = 3\n" + ca.formatted(rootAndClient),
                        TestPki::revokedClient, "bad_certificate", "CERT: Certificate not found in local repository"),
                row("verify 4 accepts the pin without its chain", p -> "verify = 4\n" + ca.formatted(p.client().certPem()),
                        TestPki::client, null, "CERT: Pre-verification error ignored: unable to get local issuer"),
                row("verify 4 rejects an unpinned self-signed certificate",
                        p -> "verify = 4\n" + ca.formatted(p.client().certPem()), TestPki::unknown, "unknown_ca",
                        "CERT: Pre-verification error: self-signed certificate"),
                row("verify 4 requires a certificate", p -> "verify = 4\n" + ca.formatted(p.client().certPem()),
                        p -> null, "certificate_required", "SSL_accept: peer did not return a certificate"),
                row("verifyChain with requireCert = no accepts no certificate",
                        p -> "verifyChain = yes\nrequireCert = no\n" + ca.formatted(p.caPem()), p -> null, null,
                        "TLS accepted: new session negotiated"),
                row("verifyChain with requireCert = no still rejects a bad one",
                        p -> "verifyChain = yes\nrequireCert = no\n" + ca.formatted(p.caPem()), TestPki::unknown,
                        "unknown_ca", "Rejected by CERT at depth=0: CN=Unknown Self-Signed"),
                row("requireCert alone accepts any certificate", p -> "requireCert = yes\n", TestPki::unknown, null,
                        "Certificate verification disabled"),
                row("requireCert alone refuses no certificate", p -> "requireCert = yes\n", p -> null,
                        "certificate_required", "SSL_accept: peer did not return a certificate"),
                row("an expired certificate", p -> "verifyChain = yes\n" + ca.formatted(p.caPem()), TestPki::expired,
                        "certificate_expired", "CERT: Pre-verification error: certificate has expired"),
                row("a subject check the client fails", p -> "verifyChain = yes\ncheckHost = localhost\n"
                        + ca.formatted(p.caPem()), TestPki::client, "internal_error", "CERT: Subject checks failed"),
                row("revoked, CRLfile", p -> "verifyChain = yes\n" + ca.formatted(p.caPem()) + "CRLfile = "
                        + p.crlPem(), TestPki::revokedClient, "certificate_revoked",
                        "CERT: Pre-verification error: certificate revoked"),
                row("not revoked, CRLfile", p -> "verifyChain = yes\n" + ca.formatted(p.caPem()) + "CRLfile = "
                        + p.crlPem(), TestPki::client, null, "Certificate accepted at depth=0: CN=client"),
                row("revoked, CRLpath", p -> "verifyChain = yes\n" + ca.formatted(p.caPem()) + "CRLpath = "
                        + p.crlPath(), TestPki::revokedClient, "certificate_revoked",
                        "CERT: Pre-verification error: certificate revoked"),
                row("no CRL for the issuer", p -> "verifyChain = yes\n" + ca.formatted(p.caPem()) + "CRLfile = "
                        + p.rootCrlPem(), TestPki::client, "unknown_ca",
                        "CERT: Pre-verification error: unable to get certificate CRL"),
                row("CApath trust", p -> "verifyChain = yes\nCApath = " + p.caPath(), TestPki::client, null,
                        "Certificate accepted at depth=2: CN=Test Root CA, O=stunnel-java tests"),
                row("CApath does not trust an unknown CA", p -> "verifyChain = yes\nCApath = " + p.caPath(),
                        TestPki::unknown, "unknown_ca", "CERT: Pre-verification error: self-signed certificate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decidesAsStunnel(VerificationRow row) throws Exception {
        try (Backends backend = Backends.echo();
             InProcessService server = InProcessServer.start(ServiceConfigs.load(dir, "verify", """
                     [verify]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     cert = %s
                     %s
                     """.formatted(backend.port(), pki.serverPem(), row.options().apply(pki))))) {
            var context = JdkTls.client(pki, row.peer().apply(pki));
            if (row.alert() == null) {
                try (SSLSocket s = JdkTls.connectWholeFlights(context, server.port())) {
                    s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("ping\n", new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
                }
                server.awaitLine(row.logged(), WAIT);
                return;
            }
            try (SSLSocket s = JdkTls.connectWholeFlights(context, server.port())) {
                s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().read(); // TLS 1.3: the client learns of the rejection when it reads
                fail("the server accepted the connection");
            } catch (IOException refused) {
                assertTrue(String.valueOf(refused.getMessage()).contains(row.alert()), refused.toString());
            }
            server.awaitLine(row.logged(), WAIT);
            server.awaitClosed(1, WAIT);
            assertNull(backend.received().poll(), "the backend was never reached");
        }
    }
}
