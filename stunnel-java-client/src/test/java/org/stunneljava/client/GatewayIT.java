package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.stunneljava.net.Addresses;
import org.stunneljava.origdst.DestinationExtension;
import org.stunneljava.testkit.ClientHelloParser;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.testkit.lab.AppClient;
import org.stunneljava.testkit.lab.Destination;
import org.stunneljava.testkit.lab.GatewayLab;
import org.stunneljava.testkit.lab.GatewayLab.Family;
import org.stunneljava.testkit.lab.GatewayLab.Host;
import org.stunneljava.testkit.lab.InNamespace;
import org.stunneljava.testkit.lab.Tap;

/**
 * The transparent gateway end to end, as an operator sets it up, in the {@link GatewayLab}'s namespaces: the two
 * samples {@code conf/gateway-client.conf} (our client program in gw) and {@code conf/exit-server.conf} (our server
 * program in exit, allowed to reach dest1's port only), and {@code iptables/gateway-up --in gw-app} redirecting the
 * app's connections to dest1 and dest2. The app connects to a destination's own address with no proxy settings.
 * Between the gateway and the exit server a tap records each ClientHello, to check the extension on the wire.
 * A destination greets with the address it saw: exit's (through the tunnel) or app's (routed, not tunnelled).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BYTES = 256 * 1024;

    @TempDir
    static Path dir;
    static TestPki pki;
    static GatewayLab lab;
    static Destination dest1;
    static Destination dest2;
    static AppClient app;
    static ManagedProcess exit;
    static Tap tap;
    static ManagedProcess gateway;
    static int gatewayPort;

    @BeforeAll
    static void gateway() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        lab = GatewayLab.create();
        dest1 = Destination.start(lab, Host.DEST1, 0);
        dest2 = Destination.start(lab, Host.DEST2, 0);
        app = AppClient.start(lab);
        int d1 = dest1.port();
        String exitAddress = lab.address(Host.EXIT, Host.GW, Family.V4).getHostAddress();
        exit = InNamespace.stunnelJava(lab.namespace(Host.EXIT), Programs.Mode.SERVER,
                ConfSample.read(sample("exit-server.conf")).writeReplacing(dir.resolve("exit.conf"), pki, Map.of(
                        "accept", List.of("accept = " + exitAddress + ":0"),
                        "transparentallow", List.of(
                                "transparentAllow = " + lab.network(Host.EXIT, Host.DEST1, Family.V4) + ":" + d1,
                                "transparentAllow = [" + lab.network(Host.EXIT, Host.DEST1, Family.V6).replace("/",
                                        "]/") + ":" + d1))));
        int exitPort = exit.awaitPort("exit", Programs.START);
        tap = Tap.forwarding(lab.namespace(Host.EXIT), exitAddress, 0, new InetSocketAddress(exitAddress, exitPort),
                4096);
        gateway = InNamespace.stunnelJava(lab.namespace(Host.GW), Programs.Mode.CLIENT,
                ConfSample.read(sample("gateway-client.conf")).writeReplacing(dir.resolve("gw.conf"), pki, Map.of(
                        "accept", List.of("accept = :::0"),
                        "connect", List.of("connect = " + exitAddress + ":" + tap.port()),
                        "checkhost", List.of("checkHost = localhost"))));
        gatewayPort = gateway.awaitPort("gateway", Programs.START);
        redirectTo(gatewayPort);
    }

    private static void redirectTo(int port) throws Exception {
        var up = lab.iptablesScript(Host.GW, "gateway-up", "--port", Integer.toString(port), "--in",
                lab.iface(Host.GW, Host.APP), "--dports", dest1.port() + "," + dest2.port());
        assertEquals(0, up.exitCode(), up.output());
    }

    @AfterAll
    static void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {gateway, tap, exit, app, dest2, dest1}) {
            if (c != null) {
                c.close();
            }
        }
        if (lab != null) {
            lab.close();
            assertEquals(List.of(), lab.leftovers());
        }
    }

    private static Path sample(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("conf").resolve(name);
            if (candidate.toFile().isFile()) {
                return candidate;
            }
        }
        throw new AssertionError("conf/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    private static String logs() {
        return "\ngateway:\n" + gateway.output() + "\nexit:\n" + exit.output() + "\ntap:\n" + tap.process().output();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @EnumSource(Family.class)
    void theAppReachesAnAllowedDestinationThroughTheTunnelWithNoProxySettings(Family family) throws Exception {
        InetAddress destination = lab.address(Host.DEST1, family);
        AppClient.Exchange e = app.exchange(destination, dest1.port(), BYTES);
        assertTrue(e.ok(), family + ": " + e.failure() + logs());
        assertEquals("dest1", e.greeter());
        assertEquals(lab.address(Host.EXIT, Host.DEST1, family), e.peerAddress(),
                "dest1 was connected by the exit server, not routed from the app");

        String text = Addresses.text(new InetSocketAddress(destination, dest1.port()));
        gateway.await("transparent: original destination " + Pattern.quote(text) + "$", WAIT);
        exit.await("transparent: CN=client at \\S+ asked for " + Pattern.quote(text)
                + ", allowed by transparentAllow = ", WAIT);
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @EnumSource(Family.class)
    void theClientHelloOnTheWireCarriesTheDestinationsBytes(Family family) throws Exception {
        InetSocketAddress destination = new InetSocketAddress(lab.address(Host.DEST1, family), dest1.port());
        AppClient.Exchange e = app.exchange(destination.getAddress(), destination.getPort(), 1);
        assertTrue(e.ok(), e.failure() + logs());
        // the tap numbers connections in accept order: the last one it accepted is this exchange's
        int n = lastTapConnection();
        Map<Integer, byte[]> extensions = ClientHelloParser.extensions(tap.clientBytes(n));
        byte[] expected = DestinationExtension.encode(destination);
        assertArrayEquals(expected, extensions.get(DestinationExtension.DEFAULT_TYPE),
                "extension 65371 of connection " + n + ": " + extensions.keySet());
        // version 1, family 4 or 6, the address, the port: nothing else
        assertEquals(1, expected[0]);
        assertEquals(family == Family.V4 ? 4 : 6, expected[1]);
        assertEquals(family == Family.V4 ? 8 : 20, expected.length);
    }

    private static int lastTapConnection() throws InterruptedException {
        return tap.process().lines().stream().map(l -> java.util.regex.Pattern.compile("^conn (\\d+) from ")
                .matcher(l)).filter(java.util.regex.Matcher::find).mapToInt(m -> Integer.parseInt(m.group(1)))
                .max().orElseThrow(() -> new AssertionError("the tap accepted nothing" + logs()));
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @EnumSource(Family.class)
    void aDestinationOutsideTheAllowListIsRefusedAndTheAllowedOneStillWorks(Family family) throws Exception {
        InetAddress refused = lab.address(Host.DEST2, family);
        AppClient.Exchange e = app.exchange(refused, dest2.port(), 1);
        assertFalse(e.ok(), "dest2 is not on the allow-list" + logs());
        String text = Addresses.text(new InetSocketAddress(refused, dest2.port()));
        exit.await("LOG4\\[[^]]*\\]: Service \\[exit\\] REFUSED destination: CN=client at \\S+ asked for "
                + Pattern.quote(text) + ": no transparentAllow line matches$", WAIT);

        AppClient.Exchange allowed = app.exchange(lab.address(Host.DEST1, family), dest1.port(), BYTES);
        assertTrue(allowed.ok(), allowed.failure() + logs());
    }

    @Order(4)
    @Test
    void aConnectionThatWasNotRedirectedIsRefusedByTheGateway() throws Exception {
        // straight to the gateway's listener: no rule redirected it (conntrack, active for the rules, answers
        // SO_ORIGINAL_DST with the listener's own address)
        InetAddress gw = lab.address(Host.GW, Host.APP, Family.V4);
        AppClient.Exchange e = app.exchange(gw, gatewayPort, 1);
        assertFalse(e.ok(), logs());
        gateway.await("LOG3\\[[^]]*\\]: transparent: connection from " + Pattern.quote(
                lab.address(Host.APP, Family.V4).getHostAddress()) + ":\\d+ was not redirected \\(no original"
                + " destination\\): refused$", WAIT);
    }

    @Order(5)
    @Test
    void aGatewayWithoutAValidCertificateIsRefusedByTheExit() throws Exception {
        String exitAddress = lab.address(Host.EXIT, Host.GW, Family.V4).getHostAddress();
        Path conf = ConfSample.read(sample("gateway-client.conf")).writeReplacing(dir.resolve("rogue.conf"), pki,
                Map.of("accept", List.of("accept = :::0"),
                        "connect", List.of("connect = " + exitAddress + ":" + exit.awaitPort("exit", WAIT)),
                        "checkhost", List.of("checkHost = localhost"),
                        "cert", List.of("cert = " + pki.unknownPem())));
        try (ManagedProcess rogue = InNamespace.stunnelJava(lab.namespace(Host.GW), Programs.Mode.CLIENT, conf)) {
            redirectTo(rogue.awaitPort("gateway", Programs.START)); // gateway-up again: the chain is refilled
            try {
                long allowedBefore = allowedLines();
                AppClient.Exchange e = app.exchange(lab.address(Host.DEST1, Family.V4), dest1.port(), 1);
                assertFalse(e.ok(), "a gateway with a self-signed certificate" + logs());
                exit.await("Rejected by CERT at depth=0: CN=Unknown Self-Signed", WAIT);
                assertEquals(allowedBefore, allowedLines(), "no destination was connected for it");
            } finally {
                redirectTo(gatewayPort);
            }
        }
        assertTrue(app.exchange(lab.address(Host.DEST1, Family.V4), dest1.port(), 1).ok(), logs());
    }

    private static long allowedLines() {
        return exit.lines().stream().filter(l -> l.contains("allowed by transparentAllow")).count();
    }

    @Order(6)
    @Test
    void tearDownLeavesNoRuleAndConnectionsAreRoutedAgain() throws Exception {
        var down = lab.iptablesScript(Host.GW, "gateway-down");
        assertEquals(0, down.exitCode(), down.output());
        assertEquals(List.of(), lab.savedRules(Host.GW));
        for (Family family : Family.values()) {
            AppClient.Exchange e = app.exchange(lab.address(Host.DEST1, family), dest1.port(), 1);
            assertTrue(e.ok(), e.failure());
            assertEquals(lab.address(Host.APP, family), e.peerAddress(), "routed straight from the app");
        }
    }
}
