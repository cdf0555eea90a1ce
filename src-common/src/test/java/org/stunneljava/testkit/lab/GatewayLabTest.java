package org.stunneljava.testkit.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.ClientHelloParser;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.NetNs;
import org.stunneljava.testkit.lab.GatewayLab.Family;
import org.stunneljava.testkit.lab.GatewayLab.Host;

/**
 * The gateway lab proves itself, before any tunnel is in it: the app reaches both destinations through the routing
 * gateway over IPv4 and IPv6; {@code iptables/gateway-up} in gw sends the app's connections into a tap there, which
 * reads each one's original destination (SO_ORIGINAL_DST) and forwards it, and {@code gateway-down} leaves no rule;
 * what the kernel reports for a connection no rule redirected; a tap captures a real ClientHello across the lab; and
 * the lab leaves nothing behind, also when its creation fails half-way. One lab and one JVM per program for the
 * whole class; each test leaves gw's rules as it found them. Needs root (skipped locally without, failed under CI).
 */
class GatewayLabTest {
    private static final int BYTES = 64 * 1024;
    private static GatewayLab lab;
    private static Destination dest1;
    private static Destination dest2;
    private static AppClient app;
    /** In gw, on {@code ::}: forwards each connection to its original destination. */
    private static Tap gwTap;

    @BeforeAll
    static void startTheLabAndItsPrograms() throws Exception {
        Capabilities.command("iptables");
        lab = GatewayLab.create();
        dest1 = Destination.start(lab, Host.DEST1, 0);
        app = AppClient.start(lab);
        gwTap = Tap.toOriginalDestination(lab.namespace(Host.GW), "::", 0, 0);
        // both destinations on one port, so one --dports redirects either (each namespace has its own ports)
        dest2 = Destination.start(lab, Host.DEST2, dest1.port());
        while (gwTap.port() == dest1.port()) { // a one-in-thousands draw: the tap's port must not be redirected
            gwTap.close();
            gwTap = Tap.toOriginalDestination(lab.namespace(Host.GW), "::", 0, 0);
        }
        dest2.port();
        app.process().await("^ready app$", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {app, gwTap, dest1, dest2}) {
            if (c != null) {
                c.close();
            }
        }
        if (lab != null) {
            lab.close();
            assertEquals(List.of(), lab.leftovers());
        }
    }

    private static Destination dest(Host host) {
        return host == Host.DEST1 ? dest1 : dest2;
    }

    private static InetSocketAddress at(Host host, Family family) throws InterruptedException {
        return new InetSocketAddress(lab.address(host, family), dest(host).port());
    }

    private static AppClient.Exchange exchange(InetSocketAddress to) throws Exception {
        return app.exchange(to.getAddress(), to.getPort(), BYTES);
    }

    @Test
    void everyAddressTheLabNamesIsOnTheInterfaceItNames() throws Exception {
        for (Host[] link : new Host[][] {{Host.GW, Host.APP}, {Host.GW, Host.EXIT}, {Host.EXIT, Host.DEST1},
                {Host.EXIT, Host.DEST2}}) {
            for (Host[] end : new Host[][] {link, {link[1], link[0]}}) {
                String shown = lab.exec(end[0], "ip", "-o", "addr", "show", "dev", lab.iface(end[0], end[1])).output();
                for (Family f : Family.values()) {
                    String address = lab.address(end[0], end[1], f).getHostAddress().replace(":0:0:0:0:0:", "::");
                    assertTrue(shown.contains(" " + address + "/"), address + " not in\n" + shown);
                }
            }
        }
        assertEquals(lab.address(Host.DEST1, Host.EXIT, Family.V6), lab.address(Host.DEST1, Family.V6));
        assertEquals("fd77:3:0:0:0:0:0:2", lab.address(Host.DEST1, Family.V6).getHostAddress());
        assertEquals("10.77.1.1", lab.address(Host.GW, Host.APP, Family.V4).getHostAddress());
        assertEquals(lab.prefix() + "gw", lab.namespace(Host.GW));
        assertEquals("fd77:1::/64", lab.network(Host.APP, Host.GW, Family.V6));
        assertThrows(IllegalArgumentException.class, () -> lab.address(Host.GW, Family.V4), "gw has two");
        assertThrows(IllegalArgumentException.class, () -> lab.iface(Host.APP, Host.EXIT), "no such link");
    }

    @Test
    void theAppReachesEachDestinationThroughTheRoutingGatewayOverIpv4AndIpv6() throws Exception {
        for (Family f : Family.values()) {
            for (Host dest : List.of(Host.DEST1, Host.DEST2)) {
                AppClient.Exchange e = exchange(at(dest, f));
                assertTrue(e.ok(), f + " " + dest + ": " + e.failure());
                assertEquals(dest.role(), e.greeter());
                assertEquals(lab.address(Host.APP, f), e.peerAddress(), "routed, not translated: the app's own");
            }
        }
    }

    @Test
    void gatewayUpSendsTheAppsConnectionsIntoTheGatewayWhereSoOriginalDstNamesTheRealDestination() throws Exception {
        gatewayUp();
        try {
            for (Family f : Family.values()) {
                for (Host dest : List.of(Host.DEST1, Host.DEST2)) {
                    InetSocketAddress to = at(dest, f);
                    AppClient.Exchange e = exchange(to);
                    assertTrue(e.ok(), f + " " + dest + ": " + e.failure() + "\n" + gwTap.process().output());
                    assertEquals(dest.role(), e.greeter());
                    assertEquals(lab.address(Host.GW, Host.EXIT, f), e.peerAddress(), "the tap in gw connected");
                    Tap.Accepted seen = gwTap.acceptedFrom(e.local());
                    assertEquals(Optional.of(to), seen.originalDestination());
                    assertEquals(new InetSocketAddress(lab.address(Host.GW, Host.APP, f), gwTap.port()), seen.local());
                    assertArrayEquals(new long[] {BYTES, BYTES + greetingLength(e)}, gwTap.closed(seen.n()));
                }
            }
        } finally {
            gatewayDown();
        }
        assertEquals(List.of(), lab.savedRules(Host.GW), "gateway-down leaves no rule and no chain");
        AppClient.Exchange after = exchange(at(Host.DEST1, Family.V6));
        assertTrue(after.ok(), after.failure());
        assertEquals(lab.address(Host.APP, Family.V6), after.peerAddress(), "routed again, past the tap");
    }

    /**
     * What the client program will see for a connection that reached its port without a redirect (the app connecting
     * to gw's own address): no original destination (ENOENT) while gw has no rule that needs connection tracking,
     * but while gateway-up's REDIRECT rule is in place (it turns conntrack on for every connection of that family in
     * the namespace) the kernel reports the connection's own destination, the tap's address and port, not ENOENT.
     * Once gateway-down removed the rule, ENOENT again (the nat table's empty base chains alone do not track).
     */
    @Test
    void aConnectionNoRuleRedirectedHasNoOriginalDestinationExceptItsOwnAddressWhileARedirectIsUp() throws Exception {
        assertEquals(List.of("none", "none"), originalDestinationsOfDirectConnections(), "before gateway-up");
        gatewayUp();
        try {
            List<String> own = java.util.Arrays.stream(Family.values()).map(f -> Lines.text(gwOwn(f))).toList();
            assertEquals(own, originalDestinationsOfDirectConnections(), "while gateway-up's rule is in place");
        } finally {
            gatewayDown();
        }
        assertEquals(List.of("none", "none"), originalDestinationsOfDirectConnections(), "after gateway-down");
    }

    /** For IPv4 then IPv6: the app connects to the tap at gw's own address; what SO_ORIGINAL_DST said. */
    private static List<String> originalDestinationsOfDirectConnections() throws Exception {
        List<String> seen = new java.util.ArrayList<>();
        for (Family f : Family.values()) {
            InetSocketAddress tap = gwOwn(f);
            AppClient.Exchange e = app.exchange(tap.getAddress(), tap.getPort(), 1);
            assertFalse(e.ok(), "the tap refuses a connection it cannot forward: " + e);
            seen.add(gwTap.acceptedFrom(e.local()).originalDestinationText());
        }
        return seen;
    }

    private static InetSocketAddress gwOwn(Family f) {
        try {
            return new InetSocketAddress(lab.address(Host.GW, Host.APP, f), gwTap.port());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTapOnTheWayCapturesTheClientHelloOfARealTlsClient() throws Exception {
        Capabilities.command("openssl");
        InetSocketAddress dest = at(Host.DEST1, Family.V6);
        try (Tap tap = Tap.forwarding(lab.namespace(Host.EXIT), "::", 0, dest, 16384);
             ManagedProcess client = InNamespace.start(lab.namespace(Host.APP), "s_client", List.of(
                     Capabilities.command("openssl").toString(), "s_client", "-connect",
                     Lines.text(new InetSocketAddress(lab.address(Host.EXIT, Host.GW, Family.V6), tap.port())),
                     "-servername", "dest1.test"))) {
            Map<Integer, byte[]> extensions = ClientHelloParser.extensions(tap.clientBytes(1));
            byte[] name = "dest1.test".getBytes(StandardCharsets.US_ASCII);
            byte[] serverName = java.nio.ByteBuffer.allocate(5 + name.length).putShort((short) (3 + name.length))
                    .put((byte) 0).putShort((short) name.length).put(name).array();
            assertArrayEquals(serverName, extensions.get(0));
            String greeting = new String(tap.serverBytes(1), StandardCharsets.US_ASCII);
            assertTrue(greeting.startsWith("dest1 " + Lines.text(lab.address(Host.EXIT, Host.DEST1, Family.V6))),
                    greeting);
        }
    }

    @Test
    void aLabLeavesNothingBehindAlsoWhenItsCreationFailsHalfWay() throws Exception {
        GatewayLab whole = GatewayLab.create();
        whole.close();
        assertEquals(List.of(), whole.leftovers());

        String prefix = GatewayLab.PREFIX + ProcessHandle.current().pid() + "-halfway-";
        try (NetNs taken = NetNs.createNamed(prefix + "exit")) { // exit cannot be created: app and gw were
            Throwable failed = assertThrows(Throwable.class, () -> GatewayLab.create(prefix));
            assertTrue(String.valueOf(failed.getMessage()).contains("ip netns add"), String.valueOf(failed));
            assertEquals(List.of(taken.name()), GatewayLab.leftovers(prefix));
        }
    }

    private static void gatewayUp() throws Exception {
        NetNs.Result up = lab.iptablesScript(Host.GW, "gateway-up", "--port", Integer.toString(gwTap.port()), "--in",
                lab.iface(Host.GW, Host.APP), "--dports", Integer.toString(dest1.port()));
        assertEquals(0, up.exitCode(), up.output());
    }

    private static void gatewayDown() throws Exception {
        NetNs.Result down = lab.iptablesScript(Host.GW, "gateway-down");
        assertEquals(0, down.exitCode(), down.output());
    }

    private static int greetingLength(AppClient.Exchange e) {
        return (e.greeter() + " " + Lines.text(e.peerSeen()) + "\n").length();
    }
}
