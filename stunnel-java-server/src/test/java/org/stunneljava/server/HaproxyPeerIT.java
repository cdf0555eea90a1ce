package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * PROXY v2 against a real implementation, HAProxy 2.6 from Debian: it parses the header our server sends
 * ({@code proxyVersion = 2}) and tells its HTTP backend the client it found there; and it sends v1 and v2 headers
 * to our server ({@code acceptProxy = yes}), which passes the real client on in its own PROXY line.
 */
class HaproxyPeerIT {
    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext tls;

    @BeforeAll
    static void setUp() throws Exception {
        Capabilities.require(Capabilities.find("haproxy") != null, "haproxy (a real PROXY protocol peer)");
        pki = TestPki.create(dir);
        tls = JdkTls.client(pki, null);
    }

    /** HAProxy in the foreground with {@code frontend} and {@code backend} sections; waits until it listens. */
    private static ManagedProcess haproxy(String name, int port, String sections) throws Exception {
        Path cfg = dir.resolve(name + ".cfg");
        java.nio.file.Files.writeString(cfg, """
                global
                    log stderr format raw local0 info
                defaults
                    log global
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                """ + sections.stripIndent());
        ManagedProcess p = ManagedProcess.start("haproxy", List.of(Capabilities.command("haproxy").toString(),
                "-db", "-f", cfg.toString()));
        Poll.until(() -> connects(port), Duration.ofSeconds(30), () -> "haproxy listening on " + port + "; output:\n"
                + p.output());
        return p;
    }

    private static boolean connects(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void haproxyReadsTheClientAndTheSniNameFromOurV2Header() throws Exception {
        BlockingQueue<Map<String, String>> requests = new LinkedBlockingQueue<>();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.createContext("/", exchange -> {
            var h = exchange.getRequestHeaders();
            requests.add(Map.of("src", h.getFirst("X-Src"), "dst", h.getFirst("X-Dst"),
                    "authority", h.getFirst("X-Authority"), "xff", h.getFirst("X-Forwarded-For")));
            byte[] body = "hi".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        int haproxyPort = Ports.closed();
        try (ManagedProcess haproxy = haproxy("reads-v2", haproxyPort, """
                frontend fe
                    mode http
                    bind 127.0.0.1:%d accept-proxy
                    option forwardfor
                    http-request set-header X-Src "%%[src]:%%[src_port]"
                    http-request set-header X-Dst "%%[dst]:%%[dst_port]"
                    http-request set-header X-Authority "%%[fc_pp_authority]"
                    default_backend be
                backend be
                    mode http
                    server b 127.0.0.1:%d
                """.formatted(haproxyPort, http.getAddress().getPort()));
             ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, Confs.write(dir, "v2.conf", """
                     [v2]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     cert = %s
                     protocol = proxy
                     proxyVersion = 2
                     """.formatted(haproxyPort, pki.serverPem())))) {
            int port = server.awaitPort("v2", Programs.START);
            try (SSLSocket client = (SSLSocket) tls.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), port)) {
                SSLParameters params = client.getSSLParameters();
                params.setServerNames(List.of(new SNIHostName("app.example")));
                client.setSSLParameters(params);
                client.setSoTimeout(30_000);
                client.getOutputStream().write("GET / HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 200", answer.substring(0, 12), answer);
                Map<String, String> seen = requests.poll(30, TimeUnit.SECONDS);
                assertEquals(Map.of("src", "127.0.0.1:" + client.getLocalPort(), "dst", "127.0.0.1:" + port,
                        "authority", "app.example", "xff", "127.0.0.1"), seen,
                        "what haproxy found in the header; haproxy output:\n" + haproxy.output());
            }
        } finally {
            http.stop(0);
        }
    }

    /**
     * A client behind HAProxy in TCP mode: our server takes the real client from HAProxy's header (v1 or v2) and
     * writes it, not HAProxy's address, into the PROXY line its backend reads.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"send-proxy", "send-proxy-v2"})
    void ourServerBehindHaproxyForwardsTheRealClient(String sendProxy) throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (Backends backend = Backends.custom(s -> {
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                try {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        got.write(buf, 0, n);
                    }
                    s.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the test sees what arrived before
                }
                received.add(got.toString(StandardCharsets.ISO_8859_1));
            });
             ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, Confs.write(dir,
                     sendProxy + ".conf", """
                     [lb]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     cert = %s
                     acceptProxy = yes
                     protocol = proxy
                     """.formatted(backend.port(), pki.serverPem())))) {
            int serverPort = server.awaitPort("lb", Programs.START);
            int haproxyPort = Ports.closed();
            try (ManagedProcess haproxy = haproxy(sendProxy, haproxyPort, """
                    frontend fe
                        mode tcp
                        bind 127.0.0.1:%d
                        default_backend be
                    backend be
                        mode tcp
                        server s 127.0.0.1:%d %s
                    """.formatted(haproxyPort, serverPort, sendProxy));
                 SSLSocket client = JdkTls.connect(tls, haproxyPort)) {
                client.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();
                assertEquals("ok", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
                assertEquals("PROXY TCP4 127.0.0.1 127.0.0.1 " + client.getLocalPort() + " " + haproxyPort
                        + "\r\nhello\n", received.poll(30, TimeUnit.SECONDS), "haproxy output:\n" + haproxy.output());
                server.await("PROXY header: client 127.0.0.1:" + client.getLocalPort() + ", to 127.0.0.1:"
                        + haproxyPort, Programs.START);
            }
        }
    }
}
