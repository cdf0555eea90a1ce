package org.stunneljava.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * Who the client is, for the headers that tell the next hop: the TLS client and the address it connected to. From
 * the accepted socket, or, behind a load balancer ({@code acceptProxy}), from the PROXY header it sent.
 *
 * @param source      the client
 * @param destination the address the client connected to
 * @param ipv6        whether the addresses are written as IPv6 (an AF_INET6 socket, or a TCP6 header): an IPv4
 *                    client of a dual-stack listener is then {@code ::ffff:a.b.c.d}, as stunnel writes it
 */
public record ClientAddresses(InetSocketAddress source, InetSocketAddress destination, boolean ipv6) {
    /** The accepted socket's own addresses; empty for a unix socket, which has none to write. */
    public static Optional<ClientAddresses> of(SocketChannel accepted) throws IOException {
        if (accepted.getRemoteAddress() instanceof InetSocketAddress source
                && accepted.getLocalAddress() instanceof InetSocketAddress destination) {
            return Optional.of(new ClientAddresses(source, destination, SocketFamily.isIpv6(accepted, destination)));
        }
        return Optional.empty();
    }
}
