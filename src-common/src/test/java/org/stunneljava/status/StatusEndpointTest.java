package org.stunneljava.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.Timeouts;
import org.stunneljava.launch.ReloadHistory;
import org.stunneljava.launch.Reloads;
import org.stunneljava.relay.CloseReason;
import org.stunneljava.relay.Connection;
import org.stunneljava.relay.HandshakeFailure;
import org.stunneljava.testkit.Json;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.PrometheusText;
import org.stunneljava.testkit.RawHttp;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.ServiceConfigs;

/**
 * The endpoint's HTTP side over real sockets: what a scraper gets, and what anything that is not a GET of a known
 * path gets (an error answer and a closed connection, within the read deadline).
 */
class StatusEndpointTest {
    private static final StatusEndpoint.Limits SHORT = new StatusEndpoint.Limits(1024, Duration.ofMillis(500),
            Duration.ofSeconds(5), 4);

    @TempDir
    Path dir;

    private final Metrics metrics = new Metrics();
    private final Reloads reloads = new Reloads();
    private final RecordingLog log = new RecordingLog();
    private final List<ServiceConfig> services = new CopyOnWriteArrayList<>();
    private final List<StatusEndpoint> started = new ArrayList<>();

    @AfterEach
    void close() {
        started.forEach(StatusEndpoint::close);
    }

    private SocketAddress start(Endpoint at) throws Exception {
        StatusEndpoint endpoint = StatusEndpoint.start(at, metrics, () -> List.copyOf(services), reloads, log, SHORT);
        started.add(endpoint);
        return endpoint.address();
    }

    private SocketAddress start() throws Exception {
        return start(new Endpoint.Tcp(null, 0));
    }

    private ServiceConfig service(String name) throws Exception {
        return ServiceConfigs.load(dir, name, "[" + name + "]\nclient = yes\naccept = 127.0.0.1:0\nconnect = 1\n");
    }

    private Connection connection(String service) {
        return new Connection(service, true, new RecordingLog(), Timeouts.DEFAULTS);
    }

    @Test
    void aBarePortListensOnLoopbackAndSaysWhere() throws Exception {
        SocketAddress at = start();
        assertEquals("127.0.0.1", ((InetSocketAddress) at).getAddress().getHostAddress());
        assertTrue(log.contains("Status endpoint bound to 127.0.0.1:" + ((InetSocketAddress) at).getPort()),
                log.lines().toString());
    }

    @Test
    void metricsAreThePrometheusTextFormatWithEveryServiceOfTheConfiguration() throws Exception {
        services.add(service("quiet"));
        services.add(service("busy"));
        Connection done = connection("busy");
        metrics.opened(done);
        metrics.handshakeFailed(done, HandshakeFailure.Reason.VERIFY_FAILED);
        done.close(CloseReason.HANDSHAKE_FAILED);
        metrics.closed(done);
        Connection open = connection("busy");
        metrics.opened(open);
        metrics.connectFailed(open);

        RawHttp.Answer answer = RawHttp.get(start(), "/metrics");

        assertEquals(200, answer.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", answer.header("Content-Type"));
        assertEquals("close", answer.header("Connection"));
        PrometheusText m = PrometheusText.parse(answer.body());
        assertEquals(2, m.count("stunnel_connections_total{service=\"busy\"}"));
        assertEquals(1, m.count("stunnel_connections_open{service=\"busy\"}"));
        assertEquals(1, m.count("stunnel_connections_closed_total{service=\"busy\",reason=\"handshake_failed\"}"));
        assertEquals(0, m.count("stunnel_connections_closed_total{service=\"busy\",reason=\"completed\"}"));
        assertEquals(1, m.count("stunnel_handshakes_failed_total{service=\"busy\",reason=\"verify_failed\"}"));
        assertEquals(0, m.count("stunnel_handshakes_failed_total{service=\"busy\",reason=\"peer_alert\"}"));
        assertEquals(1, m.count("stunnel_backend_connect_failures_total{service=\"busy\"}"));
        assertEquals(0, m.count("stunnel_connections_total{service=\"quiet\"}"));
        assertEquals(0, m.count("stunnel_sent_to_tls_bytes_total{service=\"quiet\"}"));
        assertEquals("counter", m.type("stunnel_connections_total"));
        assertEquals("gauge", m.type("stunnel_connections_open"));
        assertEquals(0, m.count("stunnel_reloads_total"));
        assertEquals(1, m.count("stunnel_last_reload_successful"));
        double start = m.value("process_start_time_seconds");
        assertEquals(start, m.value("stunnel_last_reload_timestamp_seconds"));
        assertTrue(Math.abs(start - ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli()
                / 1000.0) < 1, "start " + start);
    }

    @Test
    void aFailedReloadShowsInMetricsAndHealth() throws Exception {
        ReloadHistory.succeeded(reloads);
        ReloadHistory.failed(reloads, "Failed to reload the configuration file: cert.pem: \"no such file\"");
        SocketAddress at = start();

        PrometheusText m = PrometheusText.parse(RawHttp.get(at, "/metrics").body());
        assertEquals(2, m.count("stunnel_reloads_total"));
        assertEquals(1, m.count("stunnel_reload_failures_total"));
        assertEquals(0, m.count("stunnel_last_reload_successful"));
        double last = m.value("stunnel_last_reload_timestamp_seconds");
        assertEquals(reloads.last().orElseThrow().at().toEpochMilli() / 1000.0, last, 0.0005);

        RawHttp.Answer health = RawHttp.get(at, "/health");
        assertEquals(200, health.status(), "no service, nothing unreachable");
        Map<String, Object> reload = asMap(Json.object(health.body()).get("reload"));
        assertEquals(2L, reload.get("attempts"));
        assertEquals(1L, reload.get("failures"));
        Map<String, Object> lastReload = asMap(reload.get("last"));
        assertEquals(false, lastReload.get("successful"));
        assertEquals("Failed to reload the configuration file: cert.pem: \"no such file\"", lastReload.get("error"));
    }

    @Test
    void aServiceARemovedByAReloadIsShownWhileItHasConnectionsAndForgottenOnRetain() throws Exception {
        services.add(service("old"));
        Connection c = connection("old");
        metrics.opened(c);
        SocketAddress at = start();
        services.clear();
        services.add(service("new"));
        metrics.retain(List.of("new"));

        assertEquals(1, PrometheusText.parse(RawHttp.get(at, "/metrics").body())
                .count("stunnel_connections_open{service=\"old\"}"), "still open: kept and shown");
        c.close(CloseReason.COMPLETED);
        metrics.closed(c);
        PrometheusText after = PrometheusText.parse(RawHttp.get(at, "/metrics").body());
        assertFalse(after.samples().keySet().stream().anyMatch(k -> k.contains("\"old\"")), after.samples()::toString);
        assertEquals(0, after.count("stunnel_connections_total{service=\"new\"}"));
        metrics.retain(List.of("new"));
        services.add(service("old"));
        assertEquals(0, PrometheusText.parse(RawHttp.get(at, "/metrics").body())
                .count("stunnel_connections_total{service=\"old\"}"), "forgotten, then back from zero");
    }

    @Test
    void headGetsTheHeadersOnly() throws Exception {
        RawHttp.Answer answer = RawHttp.send(start(), "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(),
                Duration.ofSeconds(30));
        assertEquals(200, answer.status());
        assertEquals("", answer.body());
        assertTrue(Integer.parseInt(answer.header("Content-Length")) > 100);
    }

    @Test
    void anAbsoluteTargetAndAQueryAreAccepted() throws Exception {
        RawHttp.Answer answer = RawHttp.send(start(),
                "GET http://localhost:9100/metrics?x=1 HTTP/1.0\r\n\r\n".getBytes(), Duration.ofSeconds(30));
        assertEquals(200, answer.status());
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        assertEquals(404, RawHttp.get(start(), "/metrics/../etc/passwd").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT"})
    void anotherMethodIsRefusedWithTheAllowedOnes(String method) throws Exception {
        RawHttp.Answer answer = RawHttp.send(start(), (method + " /metrics HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 5\r\n\r\nhello").getBytes(), Duration.ofSeconds(30));
        assertEquals(405, answer.status());
        assertEquals("GET, HEAD", answer.header("Allow"));
        assertTrue(answer.closed());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "hello\r\n\r\n",
            "GET /metrics\r\n\r\n",
            "GET /metrics HTTP/2.0\r\n\r\n",
            "GET  /metrics HTTP/1.1\r\n\r\n",
            "GET metrics HTTP/1.1\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nBad Name: x\r\n\r\n",
            "G(T /metrics HTTP/1.1\r\n\r\n",
            "GET /met\u0001rics HTTP/1.1\r\n\r\n"})
    void garbageIsABadRequest(String request) throws Exception {
        RawHttp.Answer answer = RawHttp.send(start(), request.getBytes(StandardCharsets.ISO_8859_1),
                Duration.ofSeconds(30));
        assertEquals(400, answer.status(), request);
        assertTrue(answer.closed());
        assertTrue(log.contains("refused: 400 Bad Request"), log.lines().toString());
    }

    @Test
    void aTlsClientHelloIsABadRequest() throws Exception {
        byte[] hello = {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x03, '\r', '\n', '\r', '\n'};
        assertEquals(400, RawHttp.send(start(), hello, Duration.ofSeconds(30)).status());
    }

    @Test
    void anOversizedHeadIsRefused() throws Exception {
        String big = "GET /metrics HTTP/1.1\r\nX-Padding: " + "a".repeat(2000) + "\r\n\r\n";
        RawHttp.Answer answer = RawHttp.send(start(), big.getBytes(), Duration.ofSeconds(30));
        assertEquals(431, answer.status());
    }

    @Test
    void aSlowClientIsClosedAtTheReadDeadlineAndTheEndpointGoesOn() throws Exception {
        SocketAddress at = start();
        long begin = System.nanoTime();
        RawHttp.Answer answer = RawHttp.send(at, "GET /metrics HTTP/1.1\r\nHost:".getBytes(), Duration.ofSeconds(30));
        long tookMillis = (System.nanoTime() - begin) / 1_000_000;
        assertEquals(0, answer.status(), "no answer to half a request");
        assertTrue(answer.closed(), "closed by the endpoint, not by the test's deadline");
        assertTrue(tookMillis >= 400 && tookMillis < 10_000, "closed after " + tookMillis + " ms");
        Poll.until(() -> log.contains("no complete request from"), Duration.ofSeconds(10), log.lines()::toString);
        assertEquals(200, RawHttp.get(at, "/metrics").status());
    }

    @Test
    void moreClientsThanTheLimitAreClosedAtAcceptAndLaterOnesServed() throws Exception {
        SocketAddress at = start();
        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < SHORT.connections(); i++) {
                idle.add(SocketChannel.open(at));
            }
            Poll.until(() -> RawHttp.sendQuietly(at).status() == 0, Duration.ofSeconds(10),
                    "a client over the limit closed without an answer");
            assertTrue(log.contains("too many clients"), log.lines().toString());
        } finally {
            for (var c : idle) {
                c.close();
            }
        }
        Poll.until(() -> RawHttp.sendQuietly(at).status() == 200, Duration.ofSeconds(10),
                "served again once the idle clients were gone");
    }

    @Test
    void aUnixSocketEndpoint() throws Exception {
        Path socket = dir.resolve("status.sock");
        SocketAddress at = start(new Endpoint.Unix(socket));
        assertEquals(200, RawHttp.get(at, "/metrics").status());
        started.removeFirst().close();
        assertFalse(Files.exists(socket), "the socket file is removed at close");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}
