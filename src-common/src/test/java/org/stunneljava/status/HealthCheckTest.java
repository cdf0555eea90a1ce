package org.stunneljava.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.launch.Reloads;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Json;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.RawHttp;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.ServiceConfigs;

/**
 * {@code GET /health}: a connect to each backend address, now, reported per service, with HTTP 503 as soon as one
 * checked backend is unreachable; services whose next hop is not fixed are reported as not checked.
 */
class HealthCheckTest {
    @TempDir
    Path dir;

    private Backends echo;
    private ServerSocketChannel unixBackend;
    private Path unixPath;
    private final List<StatusEndpoint> started = new ArrayList<>();

    @BeforeEach
    void backends() throws Exception {
        echo = Backends.echo();
        unixPath = dir.resolve("backend.sock");
        unixBackend = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(unixPath));
    }

    @AfterEach
    void close() throws Exception {
        started.forEach(StatusEndpoint::close);
        echo.close();
        unixBackend.close();
    }

    private ServiceConfig client(String name, String options) throws Exception {
        return ServiceConfigs.load(dir, name, "[" + name + "]\nclient = yes\naccept = 127.0.0.1:0\n" + options);
    }

    private ServiceConfig server(String name, String options) throws Exception {
        return ServiceConfigs.load(dir, name, "[" + name + "]\ncert = server.pem\naccept = 127.0.0.1:0\n" + options);
    }

    private RawHttp.Answer health(List<ServiceConfig> services) throws Exception {
        StatusEndpoint endpoint = StatusEndpoint.start(new Endpoint.Tcp(null, 0), new Metrics(), () -> services,
                new Reloads(), new RecordingLog());
        started.add(endpoint);
        SocketAddress at = endpoint.address();
        return RawHttp.get(at, "/health");
    }

    @Test
    void everyBackendUpIsOk() throws Exception {
        RawHttp.Answer answer = health(List.of(client("tcp", "connect = 127.0.0.1:" + echo.port()),
                server("unix", "connect = " + unixPath)));

        assertEquals(200, answer.status());
        assertEquals("application/json", answer.header("Content-Type"));
        Map<String, Object> report = Json.object(answer.body());
        assertEquals("ok", report.get("status"));
        List<Map<String, Object>> services = list(report.get("services"));
        assertEquals("tcp", services.get(0).get("service"));
        assertEquals("reachable", services.get(0).get("backend"));
        Map<String, Object> target = list(services.get(0).get("targets")).getFirst();
        assertEquals("127.0.0.1:" + echo.port(), target.get("target"));
        assertEquals("127.0.0.1:" + echo.port(), target.get("address"));
        assertEquals(true, target.get("reachable"));
        assertEquals("reachable", services.get(1).get("backend"));
        assertEquals(unixPath.toString(), list(services.get(1).get("targets")).getFirst().get("address"));
    }

    @Test
    void aBackendDownIsUnavailableWithTheReasonAndAFailoverListNeedsOneAddress() throws Exception {
        int closed = Ports.closed();
        RawHttp.Answer answer = health(List.of(
                client("down", "connect = 127.0.0.1:" + closed),
                client("failover", "connect = 127.0.0.1:" + closed + "\nconnect = 127.0.0.1:" + echo.port()),
                server("gone", "connect = " + dir.resolve("nobody.sock")),
                client("unresolvable", "delay = yes\nconnect = nosuch.invalid:80")));

        assertEquals(503, answer.status());
        Map<String, Object> report = Json.object(answer.body());
        assertEquals("unavailable", report.get("status"));
        List<Map<String, Object>> services = list(report.get("services"));
        assertEquals("unreachable", services.get(0).get("backend"));
        Map<String, Object> refused = list(services.get(0).get("targets")).getFirst();
        assertEquals(false, refused.get("reachable"));
        assertEquals("Connection refused (111)", refused.get("error"));
        assertEquals("reachable", services.get(1).get("backend"));
        assertEquals(List.of(false, true), list(services.get(1).get("targets")).stream()
                .map(t -> t.get("reachable")).toList());
        assertEquals("unreachable", services.get(2).get("backend"));
        assertEquals("No such file or directory (2)", list(services.get(2).get("targets")).getFirst().get("error"));
        Map<String, Object> unresolved = list(services.get(3).get("targets")).getFirst();
        assertNull(unresolved.get("address"));
        assertEquals("Error resolving \"nosuch.invalid\": Neither nodename nor servname known (EAI_NONAME)",
                unresolved.get("error"));
    }

    @Test
    void servicesWithoutAFixedBackendAreNotCheckedAndDoNotMakeItUnavailable() throws Exception {
        RawHttp.Answer answer = health(List.of(
                server("exec", "exec = /bin/cat"),
                server("socks", "protocol = socks"),
                client("destination", "transparent = destination"),
                client("up", "connect = 127.0.0.1:" + echo.port())));

        assertEquals(200, answer.status(), answer.body());
        List<Map<String, Object>> services = list(Json.object(answer.body()).get("services"));
        assertEquals(List.of("not_checked", "not_checked", "not_checked", "reachable"),
                services.stream().map(s -> s.get("backend")).toList());
        assertEquals(List.of("exec", "protocol = socks", "transparent destination"),
                services.subList(0, 3).stream().map(s -> s.get("reason")).toList());
        assertTrue(list(services.get(0).get("targets")).isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
