package org.stunneljava.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * The address family of a connected socket as the kernel has it. The JDK reports an IPv4 peer of a dual-stack
 * ({@code ::}) socket as an IPv4 address, while C programs such as stunnel see an AF_INET6 socket and the mapped
 * address {@code ::ffff:a.b.c.d}; protocols that tell the next hop the client's address (PROXY) must say what
 * stunnel says.
 */
public final class SocketFamily {
    private static final int SOL_SOCKET = 1;
    private static final int SO_DOMAIN = 39;
    private static final int AF_INET6 = 10;

    private SocketFamily() {
    }

    /** Whether the socket is AF_INET6; when the descriptor is out of reach, whether its local address is IPv6. */
    public static boolean isIpv6(SocketChannel channel, InetSocketAddress local) {
        int fd = NativeFd.of(channel);
        if (fd >= 0) {
            int domain = NativeSockets.getInt(fd, SOL_SOCKET, SO_DOMAIN);
            if (domain > 0) {
                return domain == AF_INET6;
            }
        }
        return !(local.getAddress() instanceof Inet4Address);
    }

    /** {@code address} as getnameinfo(NI_NUMERICHOST) prints it on a socket of the given family. */
    public static String numericHost(InetAddress address, boolean ipv6Socket) {
        String host = Addresses.host(address);
        return ipv6Socket && address instanceof Inet4Address ? "::ffff:" + host : host;
    }
}
