package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.security.KeyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.launch.Reloads;
import org.stunneljava.status.Metrics;
import org.stunneljava.status.StatusEndpoint;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.Json;
import org.stunneljava.testkit.Payload;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.PrometheusText;
import org.stunneljava.testkit.RawHttp;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * The status endpoint in front of real server-mode services in this JVM: the numbers a scrape shows are the
 * connections, bytes, handshake failures and backend failures the test caused, also in the middle of a transfer,
 * and the endpoint's refusals of bad requests leave the tunnels alone.
 */
class ServerMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;

    private Backends echo;
    private final List<InProcessService> running = new ArrayList<>();
    private final List<ServiceConfig> services = new ArrayList<>();
    private final Metrics metrics = new Metrics();
    private StatusEndpoint status;
    private SocketAddress statusAt;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @BeforeEach
    void start() throws Exception {
        echo = Backends.echo();
        status = StatusEndpoint.start(new Endpoint.Tcp(null, 0), metrics, () -> services, new Reloads(),
                new RecordingLog());
        statusAt = status.address();
    }

    @AfterEach
    void stop() throws IOException {
        status.close();
        running.forEach(InProcessService::close);
        echo.close();
    }

    private InProcessService service(String name, String options) throws Exception {
        ServiceConfig config = ServiceConfigs.load(dir, name, """
                [%s]
                accept = 127.0.0.1:0
                cert = %s
                %s
                """.formatted(name, pki.serverPem(), options));
        services.add(config);
        InProcessService s = InProcessServer.start(config, metrics);
        running.add(s);
        return s;
    }

    private PrometheusText scrape() throws IOException {
        RawHttp.Answer answer = RawHttp.get(statusAt, "/metrics");
        assertEquals(200, answer.status());
        return PrometheusText.parse(answer.body());
    }

    /** Scrapes until {@code ready} holds (a connection's last event follows its close line by a moment). */
    private PrometheusText scrapeUntil(Predicate<PrometheusText> ready, String what) throws Exception {
        PrometheusText[] last = {null};
        Poll.until(() -> {
            try {
                last[0] = scrape();
                return ready.test(last[0]);
            } catch (IOException e) {
                return false;
            }
        }, WAIT, () -> what + "; last scrape: " + (last[0] == null ? "none" : last[0].samples()));
        return last[0];
    }

    private static String of(String metric, String service) {
        return metric + "{service=\"" + service + "\"}";
    }

    private static String of(String metric, String service, String reason) {
        return metric + "{service=\"" + service + "\",reason=\"" + reason + "\"}";
    }

    /** Sends {@code n} bytes and reads their echo back. */
    private static void roundTrip(SSLSocket s, int seed, int n) throws IOException {
        byte[] data = Payload.bytes(seed, n);
        s.getOutputStream().write(data);
        s.getOutputStream().flush();
        assertArrayEquals(data, s.getInputStream().readNBytes(n));
    }

    @Test
    void aScrapeDuringTrafficShowsExactlyTheConnectionsAndBytesSent() throws Exception {
        InProcessService web = service("web", "connect = 127.0.0.1:" + echo.port());
        SSLContext client = JdkTls.client(pki, null);
        long bytes = 0;
        for (int i = 0; i < 5; i++) {
            try (SSLSocket s = JdkTls.connect(client, web.port())) {
                roundTrip(s, i, 1000 * i + 17);
                bytes += 1000 * i + 17;
            }
        }
        web.awaitClosed(5, WAIT);
        List<SSLSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SSLSocket s = JdkTls.connect(client, web.port());
                open.add(s);
                roundTrip(s, 10 + i, 300_000 + i);
                bytes += 300_000 + i;
            }
            long sent = bytes;
            PrometheusText during = scrapeUntil(m -> m.count(of("stunnel_connections_closed_total", "web",
                    "completed")) == 5, "5 connections closed, 3 open");
            assertEquals(8, during.count(of("stunnel_connections_total", "web")));
            assertEquals(3, during.count(of("stunnel_connections_open", "web")));
            assertEquals(8, during.count(of("stunnel_handshakes_completed_total", "web")));
            assertEquals(sent, during.count(of("stunnel_sent_to_socket_bytes_total", "web")));
            assertEquals(sent, during.count(of("stunnel_sent_to_tls_bytes_total", "web")));

            roundTrip(open.get(1), 99, 65_537); // more data on a connection that is still open
            PrometheusText later = scrape();
            assertEquals(sent + 65_537, later.count(of("stunnel_sent_to_socket_bytes_total", "web")));
            assertEquals(sent + 65_537, later.count(of("stunnel_sent_to_tls_bytes_total", "web")));
            bytes = sent + 65_537;
        } finally {
            for (SSLSocket s : open) {
                s.close();
            }
        }
        long total = bytes;
        PrometheusText after = scrapeUntil(m -> m.count(of("stunnel_connections_open", "web")) == 0,
                "every connection closed");
        assertEquals(8, after.count(of("stunnel_connections_total", "web")));
        assertEquals(8, after.count(of("stunnel_connections_closed_total", "web", "completed")));
        assertEquals(total, after.count(of("stunnel_sent_to_socket_bytes_total", "web")));
        assertEquals(total, after.count(of("stunnel_sent_to_tls_bytes_total", "web")));
        assertEquals(0, after.count(of("stunnel_handshakes_failed_total", "web", "alert_sent")));
    }

    @Test
    void handshakeFailuresAreCountedByReason() throws Exception {
        InProcessService web = service("web", "connect = 127.0.0.1:" + echo.port());
        InProcessService mtls = service("mtls", "connect = 127.0.0.1:" + echo.port() + "\nverifyChain = yes\n"
                + "CAfile = " + pki.caPem());
        InProcessService slow = service("slow", "connect = 127.0.0.1:" + echo.port() + "\nTIMEOUTbusy = 1");

        PlainClient.exchangeOrReset(web.port(), "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThrows(IOException.class, () -> {
            try (SSLSocket s = JdkTls.connect(trustingOnlyAnotherCa(), web.port())) {
                s.getInputStream().read();
            }
        }, "a client that does not trust our certificate");
        new Socket(InetAddress.getLoopbackAddress(), web.port()).close(); // gone before its ClientHello
        assertThrows(IOException.class, () -> {
            try (SSLSocket s = JdkTls.connectWholeFlights(JdkTls.client(pki, pki.unknown()), mtls.port())) {
                s.getInputStream().read();
            }
        }, "a client certificate from an unknown CA");
        try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), slow.port())) {
            idle.setSoTimeout(30_000);
            assertEquals("reset", Ports.readUntilEnd(idle.getInputStream()), "TIMEOUTbusy resets the silent client");
        }
        try (SSLSocket s = JdkTls.connect(JdkTls.client(pki, pki.client()), mtls.port())) {
            roundTrip(s, 1, 100);
        }

        PrometheusText m = scrapeUntil(p -> p.count(of("stunnel_connections_open", "web")) == 0
                && p.count(of("stunnel_connections_open", "mtls")) == 0
                && p.count(of("stunnel_connections_open", "slow")) == 0
                && p.count(of("stunnel_connections_total", "web")) == 3, "every connection closed");
        assertEquals(Map.of("alert_sent", 1L, "peer_alert", 1L, "eof", 1L, "verify_failed", 0L, "timeout", 0L,
                "io", 0L), failures(m, "web"), () -> String.join("\n", web.lines()));
        assertEquals(Map.of("alert_sent", 0L, "peer_alert", 0L, "eof", 0L, "verify_failed", 1L, "timeout", 0L,
                "io", 0L), failures(m, "mtls"));
        assertEquals(Map.of("alert_sent", 0L, "peer_alert", 0L, "eof", 0L, "verify_failed", 0L, "timeout", 1L,
                "io", 0L), failures(m, "slow"));
        assertEquals(0, m.count(of("stunnel_handshakes_completed_total", "web")));
        assertEquals(1, m.count(of("stunnel_handshakes_completed_total", "mtls")));
        assertEquals(3, m.count(of("stunnel_connections_closed_total", "web", "handshake_failed")));
        assertEquals(1, m.count(of("stunnel_connections_closed_total", "mtls", "handshake_failed")));
        assertEquals(1, m.count(of("stunnel_connections_closed_total", "slow", "busy_timeout")));
    }

    /** A client that trusts a CA other than the one that issued our server's certificate. */
    private static SSLContext trustingOnlyAnotherCa() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("other", pki.unknown().cert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static Map<String, Long> failures(PrometheusText m, String service) {
        Map<String, Long> out = new HashMap<>();
        for (String reason : List.of("alert_sent", "peer_alert", "eof", "verify_failed", "timeout", "io")) {
            out.put(reason, m.count(of("stunnel_handshakes_failed_total", service, reason)));
        }
        return out;
    }

    @Test
    void aBackendThatIsDownShowsInHealthAndAsConnectFailures() throws Exception {
        service("up", "connect = 127.0.0.1:" + echo.port());
        int closed = Ports.closed();
        InProcessService down = service("down", "connect = 127.0.0.1:" + closed);
        for (int i = 0; i < 2; i++) {
            try (SSLSocket s = JdkTls.connect(JdkTls.client(pki, null), down.port())) {
                assertEquals("reset", Ports.readUntilEnd(s.getInputStream()));
            }
        }

        PrometheusText m = scrapeUntil(p -> p.count(of("stunnel_connections_closed_total", "down",
                "connect_failed")) == 2, "two connections closed for their backend");
        assertEquals(2, m.count(of("stunnel_backend_connect_failures_total", "down")));
        assertEquals(2, m.count(of("stunnel_handshakes_completed_total", "down")));
        assertEquals(0, m.count(of("stunnel_backend_connect_failures_total", "up")));

        RawHttp.Answer health = RawHttp.get(statusAt, "/health");
        assertEquals(503, health.status());
        List<Map<String, Object>> report = list(Json.object(health.body()).get("services"));
        assertEquals("up", report.get(0).get("service"));
        assertEquals("reachable", report.get(0).get("backend"));
        assertEquals("down", report.get(1).get("service"));
        assertEquals("unreachable", report.get(1).get("backend"));
        assertEquals("Connection refused (111)", list(report.get(1).get("targets")).getFirst().get("error"));
    }

    @Test
    void badRequestsToTheEndpointLeaveATransferInProgressAlone() throws Exception {
        InProcessService web = service("web", "connect = 127.0.0.1:" + echo.port());
        try (SSLSocket tunnel = JdkTls.connect(JdkTls.client(pki, null), web.port())) {
            roundTrip(tunnel, 1, 50_000);
            assertEquals(400, RawHttp.send(statusAt, "\u0016\u0003\u0001garbage\r\n\r\n".getBytes(
                    StandardCharsets.ISO_8859_1), WAIT).status());
            assertEquals(405, RawHttp.send(statusAt, "POST /metrics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                    .getBytes(StandardCharsets.US_ASCII), WAIT).status());
            assertEquals(0, RawHttp.send(statusAt, "GET /met".getBytes(StandardCharsets.US_ASCII),
                    Duration.ofMillis(200)).status(), "an unfinished request, given up by the client");
            roundTrip(tunnel, 2, 50_000);
            PrometheusText m = scrape();
            assertEquals(1, m.count(of("stunnel_connections_open", "web")));
            assertEquals(100_000, m.count(of("stunnel_sent_to_socket_bytes_total", "web")));
        }
        try (SSLSocket again = JdkTls.connect(JdkTls.client(pki, null), web.port())) {
            roundTrip(again, 3, 10);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
