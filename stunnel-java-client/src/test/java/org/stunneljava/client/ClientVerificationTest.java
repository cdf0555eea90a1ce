package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stunneljava.testkit.VerificationRow.row;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.testkit.VerificationRow;

/**
 * Client mode verifying the server's certificate, in-process, one table: good, wrong host, expired, self-signed,
 * pinned and unpinned, revoked through CRLfile and CRLpath, trusted through CApath, and the {@code verify} levels
 * (a client always requires the server's certificate). The JDK TLS server records the alert our client sent; the
 * plaintext client sees its connection end without data, as with stunnel.
 */
class ClientVerificationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;
    static Path rootAndServer;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        rootAndServer = PemFiles.write(dir.resolve("root-and-server.pem"),
                PemFiles.certs(List.of(pki.rootCert(), pki.server().cert())));
    }

    /** The server is a JDK TLS server presenting the row's peer certificate. */
    static Stream<VerificationRow> rows() {
        Function<TestPki, String> chain = p -> "verifyChain = yes\nCAfile = " + p.caPem() + "\ncheckHost = localhost\n";
        return Stream.of(
                row("good", chain, TestPki::server, null, "CERT: Host name \"localhost\" matched with \"localhost\""),
                row("wrong host", chain, TestPki::wrongHost, "internal_error", "CERT: Subject checks failed"),
                row("expired", chain, TestPki::expired, "certificate_expired",
                        "CERT: Pre-verification error: certificate has expired"),
                row("self-signed", chain, TestPki::unknown, "unknown_ca",
                        "CERT: Pre-verification error: self-signed certificate"),
                row("checkIP any-of", p -> "verifyChain = yes\nCAfile = " + p.caPem()
                        + "\ncheckHost = other.example\ncheckIP = 127.0.0.1\n", TestPki::server, null,
                        "CERT: IP address \"127.0.0.1\" matched"),
                row("verifyPeer pin", p -> "verifyPeer = yes\nCAfile = " + p.server().certPem(), TestPki::server,
                        null, "CERT: Locally installed certificate matched"),
                row("verifyPeer pin miss", p -> "verifyPeer = yes\nCAfile = " + p.unknown().certPem(),
                        TestPki::server, "bad_certificate", "CERT: Certificate not found in local repository"),
                row("verify 3 pinned chain", p -> "verify = 3\nCAfile = " + rootAndServer, TestPki::server, null,
                        "CERT: Locally installed certificate matched"),
                row("verify 3 unpinned chain", p -> "verify = 3\nCAfile = " + rootAndServer,
                        TestPki::revokedServer, "bad_certificate", "CERT: Certificate not found in local repository"),
                row("verify 1", p -> "verify = 1\nCAfile = " + p.caPem(), TestPki::unknown, "unknown_ca",
                        "Rejected by CERT at depth=0: CN=Unknown Self-Signed"),
                row("verify 2 is verifyChain", p -> "verify = 2\nCAfile = " + p.caPem(), TestPki::server, null,
                        "Certificate accepted at depth=0: CN=localhost"),
                row("verify 4 pin without chain", p -> "verify = 4\nCAfile = " + p.server().certPem(),
                        TestPki::server, null, "CERT: Pre-verification error ignored: unable to get local issuer"),
                row("verify 4 unpinned", p -> "verify = 4\nCAfile = " + p.server().certPem(),
                        TestPki::revokedServer, "bad_certificate", "CERT: Certificate not found in local repository"),
                row("verify 0 checks nothing", p -> "verify = 0", TestPki::unknown, null,
                        "Certificate verification disabled"),
                row("revoked, CRLfile", p -> chain.apply(p) + "CRLfile = " + p.crlPem(), TestPki::revokedServer,
                        "certificate_revoked", "CERT: Pre-verification error: certificate revoked"),
                row("revoked, CRLpath", p -> chain.apply(p) + "CRLpath = " + p.crlPath(), TestPki::revokedServer,
                        "certificate_revoked", "CERT: Pre-verification error: certificate revoked"),
                row("CRL missing for the issuer", p -> chain.apply(p) + "CRLfile = " + p.rootCrlPem(),
                        TestPki::server, "unknown_ca", "CERT: Pre-verification error: unable to get certificate CRL"),
                row("CApath trust", p -> "verifyChain = yes\nCApath = " + p.caPath() + "\ncheckHost = localhost",
                        TestPki::server, null, "Certificate accepted at depth=0: CN=localhost"),
                row("CApath pin", p -> "verifyPeer = yes\nCApath = " + pins(p), TestPki::server, null,
                        "CERT: Locally installed certificate matched"));
    }

    private static Path pins(TestPki p) {
        try {
            return org.stunneljava.testkit.HashedDirs.write(dir.resolve("pins"), List.of(p.server().cert()),
                    List.of());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decidesAsStunnel(VerificationRow row) throws Exception {
        BlockingQueue<String> serverSaw = new LinkedBlockingQueue<>();
        try (Backends remote = Backends.tls(JdkTls.server(pki, row.peer().apply(pki)), s -> echo(s, serverSaw));
             InProcessService client = Tunnels.client(ServiceConfigs.load(dir, "out", """
                     [out]
                     client = yes
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     %s
                     """.formatted(remote.port(), row.options().apply(pki))));
             Socket plain = new Socket(InetAddress.getLoopbackAddress(), client.port())) {
            plain.setSoTimeout(30_000);
            if (row.alert() == null) {
                // only a tunnel that shook hands takes data: a refused one may already have reset this socket
                plain.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("ping\n", new String(plain.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
                assertEquals("handshake done", serverSaw.poll(30, TimeUnit.SECONDS));
            } else {
                String end = Ports.readUntilEnd(plain.getInputStream());
                assertTrue(end.equals("eof") || end.equals("reset"), end);
                String saw = serverSaw.poll(30, TimeUnit.SECONDS);
                assertTrue(saw != null && saw.contains(row.alert()), "the server saw: " + saw);
                client.awaitLine("SSL_connect: certificate verify failed", WAIT);
            }
            client.awaitLine(row.logged(), WAIT);
        }
    }

    /** The JDK server: handshake, record the outcome, echo. */
    private static void echo(Socket s, BlockingQueue<String> saw) {
        try {
            ((SSLSocket) s).startHandshake();
            saw.add("handshake done");
            s.getInputStream().transferTo(s.getOutputStream());
        } catch (IOException e) {
            saw.add(String.valueOf(e.getMessage()));
        }
    }
}
