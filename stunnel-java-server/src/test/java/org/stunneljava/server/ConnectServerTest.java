package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * {@code protocol = connect} in server mode, in-process: the plaintext CONNECT request before TLS and stunnel
 * 5.68's answers to it (notes, section 3.2), the TLS handshake on the same socket after a 200, and the requested
 * target instead of the dummy {@code connect}; then our {@code protocolAllow} lines on top.
 */
class ConnectServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SERVER = "Server: stunnel-java/dev";

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext tlsClient;
    static Backends backend;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        tlsClient = JdkTls.client(pki, null);
        backend = Backends.custom(s -> { // answers what it read, after the client's EOF
            try {
                byte[] got = s.getInputStream().readAllBytes();
                s.getOutputStream().write("backend:".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(got);
            } catch (IOException ignored) {
                // the tunnel went away
            }
        });
    }

    private static ServiceConfig service(String name, String options) throws Exception {
        return ServiceConfigs.load(dir, name, """
                [%s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:1
                cert = %s
                protocol = connect
                %s
                """.formatted(name, pki.serverPem(), options));
    }

    /** Sends {@code request}, returns the answer up to its empty line. */
    private static String ask(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private static Socket connect(InProcessService server) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(30_000);
        return s;
    }

    /** TLS on the socket the CONNECT went over; one line through the tunnel and its answer. */
    private static String throughTls(Socket plain, int port) throws IOException {
        SSLSocket tls = (SSLSocket) tlsClient.getSocketFactory().createSocket(plain, "localhost", port, true);
        tls.startHandshake();
        tls.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
        tls.shutdownOutput();
        return new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void answers200ThenTlsThenConnectsTheTarget() throws Exception {
        try (InProcessService server = InProcessServer.start(service("ok", ""));
             Socket s = connect(server)) {
            assertEquals("HTTP/1.0 200 OK\r\n" + SERVER + "\r\n\r\n", ask(s, "CONNECT 127.0.0.1:" + backend.port()
                    + " HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\n\r\n"));
            assertEquals("backend:hi\n", throughTls(s, server.port()));
            server.awaitLine("s_connect: connected 127.0.0.1:" + backend.port(), WAIT);
            server.awaitLine("Connection closed: 11 byte(s) sent to TLS, 3 byte(s) sent to socket", WAIT);
            assertFalse(server.lines().stream().anyMatch(l -> l.contains("127.0.0.1:1")), "the dummy connect");
        }
    }

    @Test
    void matchesIgnoringCaseAndTakesABarePortAsLocalhost() throws Exception {
        try (InProcessService server = InProcessServer.start(service("case", ""))) {
            for (String target : new String[] {"127.0.0.1:" + backend.port(), String.valueOf(backend.port()),
                    "[::ffff:127.0.0.1]:" + backend.port()}) {
                try (Socket s = connect(server)) {
                    assertEquals("HTTP/1.0 200 OK\r\n" + SERVER + "\r\n\r\n",
                            ask(s, "connect " + target + " http/1.0\r\n\r\n"));
                    assertEquals("backend:hi\n", throughTls(s, server.port()));
                }
            }
        }
    }

    @Test
    void answers400And404AndResets() throws Exception {
        String[][] rows = {
            {"GET / HTTP/1.1\r\n\r\n", "HTTP/1.0 400 Bad Request Method"},
            {"CONNECT 127.0.0.1:" + backend.port() + "\r\n\r\n", "HTTP/1.0 400 Bad Request Protocol"},
            {"CONNECT nosuch.invalid:80 HTTP/1.1\r\n\r\n", "HTTP/1.0 404 Not Found"},
            {"CONNECT 127.0.0.1:http HTTP/1.1\r\n\r\n", "HTTP/1.0 404 Not Found"},
        };
        try (InProcessService server = InProcessServer.start(service("bad", ""))) {
            for (String[] row : rows) {
                try (Socket s = connect(server)) {
                    assertEquals(row[1] + "\r\n" + SERVER + "\r\n\r\n", ask(s, row[0]));
                    assertEquals("reset", Ports.readUntilEnd(s.getInputStream()), row[0]);
                }
            }
            server.awaitClosed(rows.length, WAIT);
            assertEquals(rows.length, server.closeLines().stream()
                    .filter(l -> l.endsWith("Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket"))
                    .count());
            server.awaitLine("LOG3[test]: Error resolving \"nosuch.invalid\": Neither nodename nor servname known"
                    + " (EAI_NONAME)", WAIT);
            server.awaitLine("LOG3[test]: Unknown TCP service \"http\"", WAIT);
            assertEquals(2, server.lines().stream().filter(l -> l.startsWith("LOG3")).count(),
                    "400 answers log nothing but the close line");
        }
    }

    @Test
    void aClosedTargetIsAnsweredOkAndResetAfterTheHandshakeAsInStunnel() throws Exception {
        int closed = Ports.closed();
        try (InProcessService server = InProcessServer.start(service("closed", ""));
             Socket s = connect(server)) {
            assertEquals("HTTP/1.0 200 OK\r\n" + SERVER + "\r\n\r\n",
                    ask(s, "CONNECT 127.0.0.1:" + closed + " HTTP/1.0\r\n\r\n"));
            SSLSocket tls = (SSLSocket) tlsClient.getSocketFactory().createSocket(s, "localhost", 0, true);
            tls.startHandshake();
            String end = Ports.readUntilEnd(tls.getInputStream());
            assertTrue(end.equals("eof") || end.equals("reset"), end);
            server.awaitLine("s_connect: connect 127.0.0.1:" + closed + ": Connection refused (111)", WAIT);
            server.awaitLine("No more addresses to connect", WAIT);
            server.awaitLine("Connection reset: 0 byte(s)", WAIT);
        }
    }

    @Test
    void withProtocolAllowAnUnlistedTargetIs403() throws Exception {
        String allow = "protocolAllow = 127.0.0.1:" + backend.port();
        try (InProcessService server = InProcessServer.start(service("allow", allow))) {
            try (Socket s = connect(server)) {
                assertEquals("HTTP/1.0 200 OK\r\n" + SERVER + "\r\n\r\n",
                        ask(s, "CONNECT 127.0.0.1:" + backend.port() + " HTTP/1.1\r\n\r\n"));
                assertEquals("backend:hi\n", throughTls(s, server.port()));
            }
            for (String target : new String[] {"127.0.0.2:" + backend.port(), "localhost:" + backend.port(),
                    "/tmp/some.sock"}) {
                try (Socket s = connect(server)) {
                    assertEquals("HTTP/1.0 403 Forbidden\r\n" + SERVER + "\r\n\r\n",
                            ask(s, "CONNECT " + target + " HTTP/1.1\r\n\r\n"));
                    assertEquals("reset", Ports.readUntilEnd(s.getInputStream()));
                }
            }
            server.awaitLine("protocolAllow: 127.0.0.1:", WAIT);
            server.awaitLine("REFUSED destination: 127.0.0.1:", WAIT);
            server.awaitClosed(4, WAIT);
            assertEquals(3, server.lines().stream().filter(l -> l.startsWith("LOG4") && l.contains("REFUSED"))
                    .count(), String.join("\n", server.lines()));
            assertTrue(server.lines().stream().anyMatch(l -> l.endsWith("asked for localhost:" + backend.port()
                    + ": no protocolAllow line matches")));
            assertTrue(server.lines().stream().anyMatch(l -> l.endsWith("asked for /tmp/some.sock: a unix socket"
                    + " is never a protocolAllow destination")));
        }
    }
}
