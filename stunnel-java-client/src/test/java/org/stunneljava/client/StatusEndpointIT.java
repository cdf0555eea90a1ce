package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.Json;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OurPrograms;
import org.stunneljava.testkit.Payload;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.PrometheusText;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.RawHttp;
import org.stunneljava.testkit.TestPki;

/**
 * The {@code status} option in the built programs: both ends of a tunnel (our client program in front of our
 * server program) serve {@code /metrics} and {@code /health}, and a scrape in the middle of the traffic shows the
 * connections and bytes the test sent through them; a status port that is taken fails the start naming the line;
 * {@code logFormat = json} makes every line the program writes a JSON object.
 */
class StatusEndpointIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private static InetSocketAddress statusOf(ManagedProcess program) throws InterruptedException {
        Matcher m = program.await("Status endpoint bound to 127\\.0\\.0\\.1:(\\d+)", Programs.START);
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
    }

    private static PrometheusText scrapeUntil(InetSocketAddress status, Predicate<PrometheusText> ready, String what)
            throws InterruptedException {
        PrometheusText[] last = {null};
        Poll.until(() -> {
            try {
                last[0] = PrometheusText.parse(RawHttp.get(status, "/metrics").body());
                return ready.test(last[0]);
            } catch (IOException e) {
                return false;
            }
        }, WAIT, () -> what + "; last scrape: " + (last[0] == null ? "none" : last[0].samples()));
        return last[0];
    }

    private static long series(PrometheusText m, String metric, String service) {
        return m.count(metric + "{service=\"" + service + "\"}");
    }

    private static void roundTrip(Socket s, int seed, int n) throws IOException {
        byte[] data = Payload.bytes(seed, n);
        OutputStream out = s.getOutputStream();
        out.write(data);
        out.flush();
        InputStream in = s.getInputStream();
        assertArrayEquals(data, in.readNBytes(n));
    }

    @Test
    void bothEndsOfATunnelCountWhatGoesThroughItWhileItFlows() throws Exception {
        try (Backends echo = Backends.echo();
             ManagedProcess server = OurPrograms.server(dir, "status = 0", "exit", echo.port(), pki.serverPem(),
                     "");
             ManagedProcess client = OurPrograms.client(dir, "status = 127.0.0.1:0", "entry",
                     server.awaitPort("exit", Programs.START), OurPrograms.verifyingLocalhost(pki.caPem()))) {
            InetSocketAddress serverStatus = statusOf(server);
            InetSocketAddress clientStatus = statusOf(client);
            int entry = client.awaitPort("entry", Programs.START);
            long sent = 0;
            for (int i = 0; i < 3; i++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), entry)) {
                    s.setSoTimeout(30_000);
                    roundTrip(s, i, 40_000 + i);
                    sent += 40_000 + i;
                }
            }
            try (Socket open = new Socket(InetAddress.getLoopbackAddress(), entry)) {
                open.setSoTimeout(30_000);
                roundTrip(open, 7, 123_456);
                long total = sent + 123_456;
                for (InetSocketAddress status : List.of(clientStatus, serverStatus)) {
                    String service = status == clientStatus ? "entry" : "exit";
                    PrometheusText m = scrapeUntil(status, p -> series(p, "stunnel_connections_open", service) == 1
                            && p.count("stunnel_connections_closed_total{service=\"" + service
                            + "\",reason=\"completed\"}") == 3, "[" + service + "]: 3 closed, 1 open");
                    assertEquals(4, series(m, "stunnel_connections_total", service));
                    assertEquals(4, series(m, "stunnel_handshakes_completed_total", service));
                    assertEquals(total, series(m, "stunnel_sent_to_tls_bytes_total", service), service);
                    assertEquals(total, series(m, "stunnel_sent_to_socket_bytes_total", service), service);
                    assertEquals(0, series(m, "stunnel_backend_connect_failures_total", service));
                }
                // after the scrapes: the client's probe of its next hop is a connection to the server program
                assertEquals(200, RawHttp.get(clientStatus, "/health").status());
                assertEquals(200, RawHttp.get(serverStatus, "/health").status());
            }
            echo.close();
            RawHttp.Answer health = RawHttp.get(serverStatus, "/health");
            assertEquals(503, health.status(), "the server's backend is gone");
            Map<String, Object> exit = list(Json.object(health.body()).get("services")).getFirst();
            assertEquals("unreachable", exit.get("backend"));
            assertEquals(200, RawHttp.get(clientStatus, "/health").status(), "the client's next hop still answers");
        }
    }

    @Test
    void aStatusPortThatIsTakenFailsTheStartNamingTheLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path conf = OurPrograms.serverConf(dir, "status = " + taken.getLocalPort(), "taken", 1,
                    pki.serverPem(), "");
            try (ManagedProcess program = Programs.stunnelJava(Programs.Mode.SERVER, conf)) {
                assertEquals(1, program.awaitExit(Programs.START));
                String line = conf.toRealPath() + ":4: \"status = " + taken.getLocalPort()
                        + "\": Binding status endpoint to 127.0.0.1:" + taken.getLocalPort()
                        + " failed: Address already in use (98)";
                assertTrue(program.output().contains(line), program.output());
            }
        }
    }

    @Test
    void jsonLinesFromTheProgram() throws Exception {
        try (Backends echo = Backends.echo();
             ManagedProcess server = OurPrograms.server(dir, "logFormat = json", "json", echo.port(),
                     pki.serverPem(), "")) {
            Matcher bound = server.await("bound to 127\\.0\\.0\\.1:(\\d+)\"", Programs.START);
            try (Socket s = JdkTls.connect(JdkTls.client(pki, null), Integer.parseInt(bound.group(1)))) {
                roundTrip(s, 1, 10);
            }
            server.await("Connection closed", WAIT);
            List<Map<String, Object>> lines = server.lines().stream().map(Json::object).toList();
            Map<String, Object> accepted = lines.stream()
                    .filter(l -> ((String) l.get("message")).startsWith("Service [json] accepted connection"))
                    .findFirst().orElseThrow();
            Map<String, Object> closed = lines.stream()
                    .filter(l -> ((String) l.get("message")).startsWith("Connection closed: 10 byte(s) sent to TLS"))
                    .findFirst().orElseThrow();
            assertEquals(accepted.get("id"), closed.get("id"), "one connection id");
            assertEquals("notice", closed.get("level"));
            assertEquals(5L, closed.get("severity"));
            assertTrue(((String) closed.get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}.*"),
                    closed.toString());
            assertTrue(lines.stream().anyMatch(l -> l.get("message").equals("Accepting new connections")
                    && l.get("id").equals("ui")));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
