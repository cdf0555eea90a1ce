package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * {@code protocol = https-proxy} (ours), in-process: TLS first, then the CONNECT request inside it; every answer
 * (200, 400, 403, 405, 502, 504) exactly, the tunnel and its closing line; then curl, a real HTTPS-proxy client,
 * to an HTTP and an HTTPS destination.
 */
class HttpsProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext tlsClient;
    static Backends echo;
    static Backends http;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        tlsClient = JdkTls.client(pki, null);
        echo = Backends.echo();
        http = Backends.httpOk("hello from backend\n");
    }

    @AfterAll
    static void stop() throws IOException {
        echo.close();
        http.close();
    }

    private static ServiceConfig proxy(String name, String options) throws Exception {
        return ServiceConfigs.load(dir, name, """
                [%s]
                accept = 127.0.0.1:0
                cert = %s
                protocol = https-proxy
                %s
                """.formatted(name, pki.serverPem(), options));
    }

    /** Sends {@code request} inside TLS and returns everything the proxy answers up to its clean end. */
    private static String ask(InProcessService proxy, String request) throws IOException {
        try (SSLSocket tls = JdkTls.connect(tlsClient, proxy.port())) {
            tls.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(tls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String answer(int status, String phrase, String reason, String... extra) {
        String body = reason + "\n";
        return "HTTP/1.1 " + status + " " + phrase + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n"
                + String.join("", extra) + "\r\n" + body;
    }

    @Test
    void tunnelsToAnAllowedAddressAndLogsTheTunnel() throws Exception {
        try (InProcessService proxy = InProcessServer.start(proxy("ok", "protocolAllow = 127.0.0.1:" + echo.port()));
             SSLSocket tls = JdkTls.connect(tlsClient, proxy.port())) {
            tls.getOutputStream().write(("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + echo.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String established = "HTTP/1.1 200 Connection established\r\n\r\n";
            assertEquals(established, new String(tls.getInputStream().readNBytes(established.length()),
                    StandardCharsets.US_ASCII));
            tls.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("ping\n", new String(tls.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
            tls.shutdownOutput();
            assertEquals(-1, tls.getInputStream().read());
            String line = proxy.awaitLine("https-proxy: tunnel", WAIT);
            assertTrue(line.matches("LOG5\\[test\\]: https-proxy: tunnel \\(no certificate\\) at 127\\.0\\.0\\.1:\\d+"
                    + " -> 127\\.0\\.0\\.1:" + echo.port() + " closed after \\d+\\.\\d{3} s: 5 byte\\(s\\) from the"
                    + " client, 5 byte\\(s\\) to the client"), line);
            proxy.awaitLine("LOG6[test]: protocolAllow: (no certificate) at 127.0.0.1:", WAIT);
            proxy.awaitLine("Connection closed: 5 byte(s) sent to TLS, 5 byte(s) sent to socket", WAIT);
        }
    }

    @Test
    void answersEveryBadRequestWithItsStatusAndReason() throws Exception {
        String target = "127.0.0.1:" + echo.port();
        try (InProcessService proxy = InProcessServer.start(proxy("bad", "protocolAllow = " + target))) {
            assertEquals(answer(405, "Method Not Allowed", "this proxy only opens tunnels: CONNECT host:port"
                    + " expected, not GET", "Allow: CONNECT\r\n"), ask(proxy, "GET http://" + target
                    + "/ HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertEquals(answer(400, "Bad Request", "malformed request line: METHOD TARGET HTTP/1.1 expected"),
                    ask(proxy, "garbage\r\n\r\n"));
            assertEquals(answer(400, "Bad Request", "malformed request line: METHOD TARGET HTTP/1.1 expected"),
                    ask(proxy, "CONNECT " + target + " HTTP/2\r\n\r\n"));
            for (String bad : List.of("127.0.0.1", "127.0.0.1:0", "127.0.0.1:99999", "bad_host!:443", "[::1:443",
                    "[example.com]:443", ":443")) {
                assertEquals(answer(400, "Bad Request", "malformed CONNECT target: host:port expected"),
                        ask(proxy, "CONNECT " + bad + " HTTP/1.1\r\n\r\n"), bad);
            }
            assertEquals(answer(400, "Bad Request", "more than 100 header lines"),
                    ask(proxy, "CONNECT " + target + " HTTP/1.1\r\n" + "X: y\r\n".repeat(101) + "\r\n"));
            proxy.awaitClosed(11, WAIT);
            assertEquals(11, proxy.lines().stream().filter(l -> l.startsWith("LOG4[test]: https-proxy: bad request"
                    + " from (no certificate) at 127.0.0.1:")).count());
            assertEquals(11, proxy.closeLines().stream().filter(l -> l.contains("Connection closed: 0 byte(s)"))
                    .count(), "answered, then closed cleanly");
        }
    }

    @Test
    void aClientThatSendsNoRequestIsCutByTimeoutBusy() throws Exception {
        try (InProcessService proxy = InProcessServer.start(proxy("mute", "TIMEOUTbusy = 1\nprotocolAllow = *:443"));
             SSLSocket tls = JdkTls.connect(tlsClient, proxy.port())) {
            long start = System.nanoTime();
            assertTrue(List.of("eof", "reset").contains(Ports.readUntilEnd(tls.getInputStream())));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(900), "TIMEOUTbusy = 1");
            proxy.awaitLine("LOG6[test]: s_ssl_read_eof: s_poll_wait: TIMEOUTbusy exceeded: sending reset", WAIT);
            proxy.awaitLine("Connection reset: 0 byte(s)", WAIT);
        }
    }

    @Test
    void answers403ForWhatNoLineAllows() throws Exception {
        try (InProcessService proxy = InProcessServer.start(proxy("deny", """
                protocolAllow = localhost:%1$d
                protocolAllow = 10.0.0.0/8:%1$d
                """.formatted(echo.port())))) {
            assertEquals(answer(403, "Forbidden", "127.0.0.1:" + echo.port() + " is not an allowed destination"),
                    ask(proxy, "CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\n\r\n"));
            assertEquals(answer(403, "Forbidden", "example.com:443 is not an allowed destination"),
                    ask(proxy, "CONNECT example.com:443 HTTP/1.1\r\n\r\n"));
            // allowed by name, but the name resolves to loopback, which no address line allows
            assertEquals(answer(403, "Forbidden", "localhost:" + echo.port() + " is not an allowed destination"),
                    ask(proxy, "CONNECT localhost:" + echo.port() + " HTTP/1.1\r\n\r\n"));
            proxy.awaitClosed(3, WAIT);
            assertTrue(proxy.lines().stream().anyMatch(l -> l.startsWith("LOG4[test]: Service [deny] REFUSED"
                    + " destination: (no certificate) at 127.0.0.1:") && l.contains(" asked for localhost:"
                    + echo.port() + ": it resolves to ")), String.join("\n", proxy.lines()));
            assertTrue(proxy.lines().stream().noneMatch(l -> l.contains("example.com\"")), "never resolved");
        }
    }

    @Test
    void aNameWithItsAddressLinesIsTunnelled() throws Exception {
        try (InProcessService proxy = InProcessServer.start(proxy("name", """
                protocolAllow = LOCALHOST:%1$d
                protocolAllow = 127.0.0.1:%1$d
                protocolAllow = [::1]:%1$d
                """.formatted(echo.port())));
             SSLSocket tls = JdkTls.connect(tlsClient, proxy.port())) {
            tls.getOutputStream().write(("CONNECT localhost:" + echo.port() + " HTTP/1.0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String established = "HTTP/1.1 200 Connection established\r\n\r\n";
            assertEquals(established, new String(tls.getInputStream().readNBytes(established.length()),
                    StandardCharsets.US_ASCII));
            proxy.awaitLine("allowed by protocolAllow = LOCALHOST:" + echo.port(), WAIT);
        }
    }

    @Test
    void answers502And504WhenTheDestinationCannotBeReached() throws Exception {
        int closed = Ports.closed();
        try (Unresponsive full = fullBacklog();
             InProcessService proxy = InProcessServer.start(proxy("gateway", """
                     TIMEOUTconnect = 1
                     protocolAllow = 127.0.0.1:%d,%d
                     protocolAllow = *.invalid:*
                     """.formatted(closed, full.port())))) {
            assertEquals(answer(502, "Bad Gateway", "cannot resolve nosuch.invalid"),
                    ask(proxy, "CONNECT nosuch.invalid:443 HTTP/1.1\r\n\r\n"));
            assertEquals(answer(502, "Bad Gateway", "cannot connect to 127.0.0.1:" + closed),
                    ask(proxy, "CONNECT 127.0.0.1:" + closed + " HTTP/1.1\r\n\r\n"));
            long start = System.nanoTime();
            assertEquals(answer(504, "Gateway Timeout", "connecting to 127.0.0.1:" + full.port()
                    + " timed out"), ask(proxy, "CONNECT 127.0.0.1:" + full.port() + " HTTP/1.1\r\n\r\n"));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(900), "TIMEOUTconnect = 1");
            proxy.awaitLine("Error resolving \"nosuch.invalid\"", WAIT);
            proxy.awaitLine("Connection refused (111)", WAIT);
            proxy.awaitLine("TIMEOUTconnect exceeded", WAIT);
        }
    }

    /**
     * A listening port that never completes a connection: its accept queue is full, and Linux drops further SYNs
     * (tcp_conn_request), so a connect waits until its own timeout. Closing it closes the held connections too.
     */
    private record Unresponsive(ServerSocket server, List<Socket> held) implements AutoCloseable {
        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket h : held) {
                h.close();
            }
            server.close();
        }
    }

    private static Unresponsive fullBacklog() throws IOException {
        Unresponsive u = new Unresponsive(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()), new ArrayList<>());
        for (int i = 0; i < 64; i++) {
            Socket c = new Socket();
            try {
                c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), u.port()), 300);
                u.held().add(c);
            } catch (SocketTimeoutException e) {
                c.close();
                return u;
            }
        }
        u.close();
        throw new IllegalStateException("the accept queue never filled");
    }

    @Test
    void curlTunnelsHttpAndHttpsThroughIt() throws Exception {
        Path curl = Capabilities.command("curl");
        try (Backends https = Backends.httpsOk(JdkTls.server(pki, pki.server()), "hello from backend\n");
             InProcessService proxy = InProcessServer.start(proxy("curl", """
                     protocolAllow = 127.0.0.1:%1$d,%2$d
                     protocolAllow = localhost:%2$d
                     protocolAllow = [::1]:%2$d
                     """.formatted(http.port(), https.port())))) {
            String via = "https://127.0.0.1:" + proxy.port();
            Run r = curl(curl, "--proxy", via, "--proxy-cacert", pki.caPem().toString(), "-p",
                    "http://127.0.0.1:" + http.port() + "/");
            assertEquals(new Run(0, "hello from backend\n", ""), r);
            r = curl(curl, "--proxy", via, "--proxy-cacert", pki.caPem().toString(), "--cacert",
                    pki.caPem().toString(), "https://localhost:" + https.port() + "/");
            assertEquals(new Run(0, "hello from backend\n", ""), r);
            r = curl(curl, "--proxy", via, "--proxy-cacert", pki.caPem().toString(), "-p",
                    "http://127.0.0.1:" + echo.port() + "/");
            assertEquals(56, r.code(), r.toString());
            assertTrue(r.err().contains("CONNECT tunnel failed, response 403"), r.err());
            r = curl(curl, "--proxy", via, "--proxy-cacert", pki.caPem().toString(),
                    "http://127.0.0.1:" + http.port() + "/");
            assertTrue(r.out().contains("this proxy only opens tunnels"), r.toString());
            proxy.awaitClosed(4, WAIT);
            assertEquals(2, proxy.lines().stream().filter(l -> l.contains("https-proxy: tunnel")).count());
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run curl(Path curl, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(curl.toString(), "-sS", "-m", "20"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8).strip());
    }
}
