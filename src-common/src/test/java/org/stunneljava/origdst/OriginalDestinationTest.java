package org.stunneljava.origdst;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stunneljava.testkit.Capabilities;

/**
 * SO_ORIGINAL_DST through FFM on real sockets: a connection no NAT rule touched has no original destination (the
 * kernel's ENOENT), over IPv4 and IPv6; and the kernel's sockaddr layouts decode to the right address and port.
 * (A redirected connection is driven end to end in the network-namespace tests.)
 */
class OriginalDestinationTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aConnectionThatWasNotRedirectedHasNoOriginalDestination() throws Exception {
        assertEquals(Optional.empty(), acceptedFrom(InetAddress.getByName("127.0.0.1"), StandardProtocolFamily.INET));
    }

    @Test
    void anIpv6ConnectionThatWasNotRedirectedHasNoOriginalDestinationEither() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        boolean ipv6 = true;
        try (ServerSocketChannel probe = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
            probe.bind(new InetSocketAddress(v6, 0));
        } catch (java.io.IOException e) {
            ipv6 = false;
        }
        Capabilities.require(ipv6, "the IPv6 loopback address ::1");
        assertEquals(Optional.empty(), acceptedFrom(v6, StandardProtocolFamily.INET6));
    }

    private static Optional<InetSocketAddress> acceptedFrom(InetAddress loopback, StandardProtocolFamily family)
            throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(family)) {
            server.bind(new InetSocketAddress(loopback, 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                 SocketChannel accepted = server.accept()) {
                return OriginalDestination.of(accepted);
            }
        }
    }

    @Test
    void sockaddrInDecodes() throws Exception {
        // AF_INET (2, little-endian), port 443, 192.0.2.10, 8 bytes of zero padding
        byte[] in = HEX.parseHex("020001bbc000020a0000000000000000");
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 443), OriginalDestination.parse(in));
    }

    @Test
    void sockaddrIn6Decodes() throws Exception {
        // AF_INET6 (10), port 8443, flowinfo 0, 2001:db8::1, scope 0
        byte[] in6 = HEX.parseHex("0a0020fb0000000020010db800000000000000000000000100000000");
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 8443),
                OriginalDestination.parse(in6));
    }
}
