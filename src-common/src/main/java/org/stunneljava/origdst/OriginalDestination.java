package org.stunneljava.origdst;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Optional;
import org.stunneljava.net.NativeFd;
import org.stunneljava.net.NativeSockets;

/**
 * Where a connection redirected by iptables (nat REDIRECT/DNAT) was really going: Linux's
 * {@code getsockopt(SOL_IP, SO_ORIGINAL_DST)} for IPv4 and {@code getsockopt(SOL_IPV6, IP6T_SO_ORIGINAL_DST)} for
 * IPv6, called through the FFM API on the socket's descriptor (the JDK has no such option). The family is chosen by
 * the peer's address, as stunnel's two attempts end up doing. Stateless and thread-safe.
 */
public final class OriginalDestination {
    private static final int SO_ORIGINAL_DST = 80; // IP6T_SO_ORIGINAL_DST has the same number
    private static final int ENOENT = 2;
    private static final int ENOPROTOOPT = 92;
    private static final int SOCKADDR_IN_SIZE = 16;
    private static final int SOCKADDR_IN6_SIZE = 28;

    private OriginalDestination() {
    }

    /**
     * The destination of a connection that a NAT rule redirected to this socket. Once the nat table is in use,
     * conntrack also answers for connections no rule touched, with the socket's own local address: that is not a
     * redirection either (and carrying it, or connecting to it, would loop back into this listener).
     *
     * @return the original destination, or empty when the connection was not redirected
     * @throws IOException any other failure of the call, with its errno
     */
    public static Optional<InetSocketAddress> redirected(SocketChannel accepted) throws IOException {
        Optional<InetSocketAddress> original = of(accepted);
        InetSocketAddress local = (InetSocketAddress) accepted.getLocalAddress();
        return original.filter(o -> !(o.getPort() == local.getPort()
                && IpNetwork.host(o.getAddress()).equals(IpNetwork.host(local.getAddress()))));
    }

    /**
     * The kernel's answer as it is: for a connection conntrack tracks but no rule redirected, the local address.
     *
     * @return the original destination, or empty when conntrack knows nothing of the connection
     * @throws IOException any other failure of the call, with its errno
     */
    public static Optional<InetSocketAddress> of(SocketChannel accepted) throws IOException {
        int fd = NativeFd.of(accepted);
        if (fd < 0) {
            throw new IOException("no file descriptor for the accepted socket (needs --add-exports java.base/sun.nio.ch)");
        }
        InetSocketAddress peer = (InetSocketAddress) accepted.getRemoteAddress();
        boolean ipv4 = peer.getAddress() instanceof Inet4Address;
        return getsockopt(fd, ipv4 ? NativeSockets.SOL_IP : NativeSockets.SOL_IPV6, ipv4 ? SOCKADDR_IN_SIZE : SOCKADDR_IN6_SIZE);
    }

    private static Optional<InetSocketAddress> getsockopt(int fd, int level, int size) throws IOException {
        NativeSockets.Option option = NativeSockets.getBytes(fd, level, SO_ORIGINAL_DST, size);
        if (option.failed()) {
            // ENOENT: conntrack has no NAT entry for it. ENOPROTOOPT: no conntrack at all (module not loaded),
            // so nothing can have been redirected either.
            if (option.errno() == ENOENT || option.errno() == ENOPROTOOPT) {
                return Optional.empty();
            }
            throw new IOException("getsockopt SO_ORIGINAL_DST: " + NativeSockets.describe(option.errno()));
        }
        return Optional.of(parse(option.value()));
    }

    /** A {@code sockaddr_in} or {@code sockaddr_in6} as the kernel fills it (family in host order, port big-endian). */
    static InetSocketAddress parse(byte[] sockaddr) throws UnknownHostException {
        int port = ((sockaddr[2] & 0xff) << 8) | (sockaddr[3] & 0xff);
        byte[] raw = sockaddr.length == SOCKADDR_IN_SIZE ? Arrays.copyOfRange(sockaddr, 4, 8)
                : Arrays.copyOfRange(sockaddr, 8, 24);
        return new InetSocketAddress(InetAddress.getByAddress(raw), port);
    }
}
