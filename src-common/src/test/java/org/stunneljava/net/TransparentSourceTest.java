package org.stunneljava.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.RecordingLog;

/**
 * The socket options behind {@code transparent = source}, set through FFM and read back with getsockopt, and the
 * bind steps of stunnel's connect_init with their log lines. Binding needs no routing, so all of it runs on this
 * host's own sockets; only a connection from a foreign address needs the namespaces of
 * {@link TransparentSourceRoutingTest}.
 */
class TransparentSourceTest {
    /** TEST-NET-1 and the IPv6 documentation prefix (RFC 5737, RFC 3849): never an address of this host. */
    private static final InetSocketAddress FOREIGN_V4 = new InetSocketAddress(ip("192.0.2.7"), 40007);
    private static final InetSocketAddress FOREIGN_V6 = new InetSocketAddress(ip("2001:db8::7"), 40007);

    static void requireRoot() throws Exception {
        Capabilities.require((int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0,
                "root (CAP_NET_ADMIN, for IP_TRANSPARENT)");
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static int option(SocketChannel channel, int level, int name) {
        int value = NativeSockets.getInt(NativeFd.of(channel), level, name);
        assertTrue(value >= 0, "getsockopt failed: " + NativeSockets.describe(-value));
        return value;
    }

    @Test
    void ipTransparentIsSetOnAnIpv4SocketAndReadsBack() throws Exception {
        requireRoot();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET)) {
            assertEquals(0, option(channel, NativeSockets.SOL_IP, TransparentSource.IP_TRANSPARENT));
            RecordingLog log = new RecordingLog();
            assertTrue(TransparentSource.bind(channel, FOREIGN_V4, log));
            assertEquals(1, option(channel, NativeSockets.SOL_IP, TransparentSource.IP_TRANSPARENT));
            assertEquals(0, option(channel, NativeSockets.SOL_IP, TransparentSource.IP_FREEBIND), "no fallback");
            assertEquals(List.of("LOG6[test]: IP_TRANSPARENT socket option set",
                    "LOG6[test]: bind succeeded on the original port"), log.lines());
            assertEquals(FOREIGN_V4, channel.getLocalAddress(), "a foreign address, on the client's own port");
        }
    }

    @Test
    void ipv6TransparentIsSetOnAnIpv6SocketAndIsTheFlagStunnelsSolIpCallSets() throws Exception {
        requireRoot();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET6)) {
            assertEquals(0, option(channel, NativeSockets.SOL_IPV6, TransparentSource.IPV6_TRANSPARENT));
            RecordingLog log = new RecordingLog();
            assertTrue(TransparentSource.bind(channel, FOREIGN_V6, log));
            assertEquals(1, option(channel, NativeSockets.SOL_IPV6, TransparentSource.IPV6_TRANSPARENT));
            // stunnel sets SOL_IP/IP_TRANSPARENT on IPv6 sockets too: the kernel reads back the same flag
            assertEquals(1, option(channel, NativeSockets.SOL_IP, TransparentSource.IP_TRANSPARENT));
            assertEquals(List.of("LOG6[test]: IP_TRANSPARENT socket option set",
                    "LOG6[test]: bind succeeded on the original port"), log.lines());
            assertEquals(FOREIGN_V6, channel.getLocalAddress());
        }
    }

    @Test
    void withoutTheOptionAForeignAddressCannotBeBound() throws Exception {
        try (SocketChannel v4 = SocketChannel.open(StandardProtocolFamily.INET);
             SocketChannel v6 = SocketChannel.open(StandardProtocolFamily.INET6)) {
            BindException e4 = assertThrows(BindException.class, () -> v4.bind(FOREIGN_V4));
            assertEquals("Cannot assign requested address (99)", SocketErrors.describe(e4));
            BindException e6 = assertThrows(BindException.class, () -> v6.bind(FOREIGN_V6));
            assertEquals("Cannot assign requested address (99)", SocketErrors.describe(e6));
        }
    }

    @Test
    void aPrivilegedClientPortIsNeverReusedTheAddressIsKeptWithAnEphemeralPort() throws Exception {
        requireRoot();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET)) {
            RecordingLog log = new RecordingLog();
            assertTrue(TransparentSource.bind(channel, new InetSocketAddress(FOREIGN_V4.getAddress(), 1023), log));
            assertEquals(List.of("LOG6[test]: IP_TRANSPARENT socket option set",
                    "LOG6[test]: bind succeeded on an ephemeral port"), log.lines());
            InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
            assertEquals(FOREIGN_V4.getAddress(), bound.getAddress());
            assertTrue(bound.getPort() >= 1024, "ephemeral, not 1023: " + bound);
        }
    }

    @Test
    void anOriginalPortInUseOnThisHostFallsBackToAnEphemeralPort() throws Exception {
        requireRoot();
        try (SocketChannel holder = SocketChannel.open(StandardProtocolFamily.INET)) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress taken = (InetSocketAddress) holder.getLocalAddress();
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET)) {
                RecordingLog log = new RecordingLog();
                assertTrue(TransparentSource.bind(channel, taken, log));
                assertEquals(List.of("LOG6[test]: IP_TRANSPARENT socket option set",
                        "LOG6[test]: bind succeeded on an ephemeral port"), log.lines(), "EADDRINUSE is not logged");
                InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
                assertEquals(taken.getAddress(), bound.getAddress());
                assertNotEquals(taken.getPort(), bound.getPort());
            }
        }
    }

    @Test
    void aSourceOfAnotherFamilyDoesNotFitWithStunnelsDebugLine() {
        RecordingLog log = new RecordingLog();
        UnixDomainSocketAddress unix = UnixDomainSocketAddress.of("/run/x.sock");
        assertFalse(TransparentSource.fits(FOREIGN_V4, FOREIGN_V6, log));
        assertFalse(TransparentSource.fits(FOREIGN_V6, FOREIGN_V4, log));
        assertFalse(TransparentSource.fits(FOREIGN_V4, unix, log));
        assertFalse(TransparentSource.fits(UnixDomainSocketAddress.of(""), FOREIGN_V4, log));
        assertTrue(TransparentSource.fits(FOREIGN_V6, new InetSocketAddress(ip("::1"), 1), log));
        assertEquals(List.of("LOG7[test]: Cannot assign an AF=2 address an AF=10 socket",
                "LOG7[test]: Cannot assign an AF=10 address an AF=2 socket",
                "LOG7[test]: Cannot assign an AF=2 address an AF=1 socket",
                "LOG7[test]: Cannot assign an AF=1 address an AF=2 socket"), log.lines());
    }

    @Test
    void onAUnixSocketBothOptionsFailAsInStunnelAndTheSocketIsAutobound() throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            RecordingLog log = new RecordingLog();
            assertTrue(TransparentSource.bind(channel, UnixDomainSocketAddress.of(""), log));
            assertEquals(List.of("LOG3[test]: setsockopt IP_TRANSPARENT: Operation not supported (95)",
                    "LOG3[test]: setsockopt IP_FREEBIND: Operation not supported (95)",
                    "LOG6[test]: bind succeeded on an ephemeral port"), log.lines());
        }
    }

    @Test
    void errnoTextIsStrerrorWithTheNumberAsStunnelPrintsIt() {
        assertEquals("Operation not permitted (1)", NativeSockets.describe(1));
        assertEquals("Protocol not available (92)", NativeSockets.describe(92));
    }
}
