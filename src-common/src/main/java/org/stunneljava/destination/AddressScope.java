package org.stunneljava.destination;

import java.net.InetAddress;
import java.util.List;
import org.stunneljava.origdst.IpNetwork;

/**
 * Which addresses are public: reachable on the Internet, so that a host name resolving to one cannot be used to reach
 * something only this host or its network can (loopback, the private ranges, link-local with its cloud metadata
 * service at 169.254.169.254, ...). The list is IANA's special-purpose address registries (RFC 6890 and its
 * updates): every block not marked globally reachable, plus multicast and the reserved 240.0.0.0/4. IPv4-mapped IPv6
 * addresses are their IPv4 address ({@link IpNetwork#host}), and the deprecated IPv4-compatible {@code ::/96} is
 * never public, so no spelling of an IPv6 address hides an IPv4 one. Pure.
 */
public final class AddressScope {
    private static final List<IpNetwork> NOT_PUBLIC = List.of(
            net("0.0.0.0", 8), net("10.0.0.0", 8), net("100.64.0.0", 10), net("127.0.0.0", 8),
            net("169.254.0.0", 16), net("172.16.0.0", 12), net("192.0.0.0", 24), net("192.0.2.0", 24),
            net("192.168.0.0", 16), net("198.18.0.0", 15), net("198.51.100.0", 24), net("203.0.113.0", 24),
            net("224.0.0.0", 4), net("240.0.0.0", 4),
            net("::", 96), net("64:ff9b:1::", 48), net("100::", 64), net("2001:db8::", 32), net("fc00::", 7),
            net("fe80::", 10), net("fec0::", 10), net("ff00::", 8));

    private AddressScope() {
    }

    public static boolean isPublic(IpNetwork host) {
        for (IpNetwork n : NOT_PUBLIC) {
            if (n.contains(host)) {
                return false;
            }
        }
        return true;
    }

    private static IpNetwork net(String address, int length) {
        IpNetwork host = IpNetwork.host(InetAddress.ofLiteral(address));
        return new IpNetwork(host.family(), host.high(), host.low(), length);
    }
}
