package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.PrometheusText;
import org.stunneljava.testkit.RawHttp;
import org.stunneljava.testkit.TestPki;

/**
 * Every sample in {@code conf/} is a tested artifact (STYLE.md 11): a runnable copy of it ({@link ConfSample}) is
 * started with the program of each mode it holds services for, must log {@code Accepting new connections}, and
 * carries one round trip through every service. A client service that connects to a server service of the same
 * file goes through both programs; any other {@code connect} goes to a test peer (a plain echo backend behind a
 * server service, a TLS echo server behind a client service). A transparent service ({@code transparent =
 * destination}) has no destination over loopback: its connection must be refused, which is what a user sees when
 * the iptables rules are missing; {@code GatewayIT} runs the gateway samples through a redirecting network.
 */
class ConfSamplesIT {
    // stunnel's line, or the message of a JSON line (logFormat = json)
    private static final Pattern STATUS = Pattern.compile("Status endpoint bound to .*:(\\d+)(\"\\})?$");
    private static final Pattern BOUND = Pattern.compile(
            "Service \\[([^\\]]*)\\] \\(FD=-?\\d+\\) bound to .*:(\\d+)(\"\\})?$");

    @TempDir
    static Path dir;
    static TestPki pki;
    static Backends plainEcho;
    static Backends tlsEcho;
    static SSLContext tlsClient;

    @BeforeAll
    static void peers() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        plainEcho = Backends.echo();
        tlsEcho = Backends.tlsEcho(JdkTls.server(pki, pki.server()));
        tlsClient = JdkTls.client(pki, pki.client()); // presents client.pem wherever a sample verifies clients
    }

    @AfterAll
    static void close() throws IOException {
        plainEcho.close();
        tlsEcho.close();
    }

    static Stream<Path> samples() throws IOException {
        Path conf = confDirectory();
        try (Stream<Path> files = Files.list(conf)) {
            List<Path> all = files.filter(f -> f.getFileName().toString().endsWith(".conf")).sorted().toList();
            assertFalse(all.isEmpty(), "no *.conf in " + conf);
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleStartsAndCarriesARoundTripThroughEveryService(Path sample) throws Exception {
        ConfSample conf = ConfSample.read(sample);
        assertFalse(conf.services().isEmpty(), sample + " has no service");
        String stem = sample.getFileName().toString().replace(".conf", "");
        Path pid = dir.resolve(stem + ".pid");
        List<ManagedProcess> running = new ArrayList<>();
        try {
            Map<String, List<Integer>> bound = new HashMap<>();
            if (conf.hasServices(false)) {
                Path file = conf.writeRunnable(dir.resolve(stem + ".server.conf"), pki, pid, peersOnly(conf));
                running.add(start(Programs.Mode.SERVER, file, bound));
            }
            if (conf.hasServices(true)) {
                Map<String, IntUnaryOperator> targets = peersOnly(conf);
                for (ConfSample.Service s : conf.services()) {
                    if (s.client()) {
                        targets.put(s.name(), port -> {
                            String server = conf.serverServiceOnPort(port);
                            return server == null ? tlsEcho.port()
                                    : bound.get(server).get(conf.services().stream()
                                    .filter(x -> x.name().equals(server)).findFirst().orElseThrow()
                                    .acceptPorts().indexOf(port));
                        });
                    }
                }
                Path file = conf.writeRunnable(dir.resolve(stem + ".client.conf"), pki, pid, targets);
                running.add(start(Programs.Mode.CLIENT, file, bound));
            }
            for (ConfSample.Service s : conf.services()) {
                List<Integer> ports = bound.get(s.name());
                assertEquals(s.acceptPorts().size(), ports == null ? 0 : ports.size(),
                        "bound addresses of [" + s.name() + "]");
                for (int port : ports) {
                    roundTrip(s, port);
                }
            }
            for (ManagedProcess p : running) {
                scrapeIfStatusIsOn(p, conf);
            }
            if (conf.hasPid()) {
                boolean both = conf.hasServices(true) && conf.hasServices(false);
                for (ManagedProcess p : running) {
                    String mode = p == running.getFirst() && conf.hasServices(false) ? "server" : "client";
                    Path expected = both ? dir.resolve(stem + "." + mode + ".pid") : pid;
                    assertEquals(p.pid() + "\n", Files.readString(expected), expected.toString());
                }
            }
        } finally {
            running.forEach(ManagedProcess::close);
        }
    }

    /** A sample with {@code status} on: its endpoint answers, with a series for every service it runs. */
    private static void scrapeIfStatusIsOn(ManagedProcess p, ConfSample conf) throws IOException {
        Matcher at = p.lines().stream().map(STATUS::matcher).filter(Matcher::find).findFirst().orElse(null);
        if (at == null) {
            return;
        }
        RawHttp.Answer answer = RawHttp.get(new InetSocketAddress("127.0.0.1", Integer.parseInt(at.group(1))),
                "/metrics");
        assertEquals(200, answer.status());
        PrometheusText metrics = PrometheusText.parse(answer.body());
        for (ConfSample.Service s : conf.services()) {
            if (p.output().contains("Service [" + s.name() + "] (FD=")) {
                assertTrue(metrics.count("stunnel_connections_total{service=\"" + s.name() + "\"}") >= 1,
                        "the round trip through [" + s.name() + "]");
            }
        }
    }

    /** Every service's connects to the test peer of its mode. */
    private static Map<String, IntUnaryOperator> peersOnly(ConfSample conf) {
        Map<String, IntUnaryOperator> targets = new HashMap<>();
        for (ConfSample.Service s : conf.services()) {
            int peer = s.client() ? tlsEcho.port() : plainEcho.port();
            targets.put(s.name(), port -> peer);
        }
        return targets;
    }

    private static ManagedProcess start(Programs.Mode mode, Path file, Map<String, List<Integer>> bound)
            throws Exception {
        ManagedProcess p = Programs.stunnelJava(mode, file);
        p.await("Accepting new connections", Programs.START);
        for (String line : p.lines()) {
            Matcher m = BOUND.matcher(line);
            if (m.find()) {
                bound.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
            }
        }
        return p;
    }

    private static void roundTrip(ConfSample.Service service, int port) throws IOException {
        byte[] request = ("through [" + service.name() + "]\n").getBytes();
        if (service.transparent()) {
            assertEquals("refused", refusedOrEchoed(service, port, request), "[" + service.name() + "]");
        } else if (service.client()) {
            assertArrayEquals(request, PlainClient.exchange(port, request), "[" + service.name() + "]");
        } else {
            try (SSLSocket s = JdkTls.connect(tlsClient, port)) {
                s.getOutputStream().write(request);
                assertArrayEquals(request, s.getInputStream().readNBytes(request.length),
                        "[" + service.name() + "]");
            }
        }
    }

    /** Whether a connection with no destination to go to is refused (its end is all it gets) or echoed. */
    private static String refusedOrEchoed(ConfSample.Service service, int port, byte[] request) throws IOException {
        try (java.net.Socket s = service.client() ? new java.net.Socket("127.0.0.1", port)
                : JdkTls.connect(tlsClient, port)) {
            s.setSoTimeout(30_000);
            try {
                s.getOutputStream().write(request);
                return s.getInputStream().readNBytes(request.length).length == 0 ? "refused" : "echoed";
            } catch (IOException e) {
                return "refused"; // reset, or the TLS connection failed: nothing went through
            }
        }
    }

    /** The repository's {@code conf/}, found from the module directory the test runs in. */
    private static Path confDirectory() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("conf")) && Files.isRegularFile(d.resolve("pom.xml"))
                    && Files.isDirectory(d.resolve("src-common"))) {
                return d.resolve("conf");
            }
        }
        throw new AssertionError("conf/ not found above " + Path.of("").toAbsolutePath());
    }
}
