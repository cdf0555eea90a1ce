package org.stunneljava.net;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * stunnel's {@code transparent = source} (and the source half of {@code both}) for one outgoing socket: the
 * connection to the next hop is made from the accepted client's own address, so the backend sees the real client.
 * Re-states stunnel 5.68's client.c {@code connect_init} step by step, with its log lines:
 * <ol>
 * <li>before any socket exists, a source of another address family than the target fails this target (debug
 *     line {@code Cannot assign an AF=2 address an AF=10 socket}) and the dialer moves on to the next one;</li>
 * <li>allow a non-local bind: {@code IP_TRANSPARENT} ({@code IPV6_TRANSPARENT} on an IPv6 socket; the kernel keeps
 *     one flag for both, so stunnel's line names IP_TRANSPARENT either way), else {@code IP_FREEBIND} (which needs
 *     no privilege but makes IPv4 connects fail with "Network is unreachable"); a failure of either is only
 *     logged, as bind() will tell;</li>
 * <li>bind to the client's address and port when the port is 1024 or above (stunnel's "security check": never
 *     a privileged port), and otherwise, or when that port is in use here, to the client's address with an
 *     ephemeral port.</li>
 * </ol>
 * The replies to a non-local source only reach this host with policy routing, which {@code iptables/source-up}
 * installs (stunnel's manual, {@code transparent}); without it the connect times out. Needs CAP_NET_ADMIN (root).
 * Stateless; the caller owns the channel and closes it when {@link #bind} fails.
 */
public final class TransparentSource {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int IP_TRANSPARENT = 19;
    static final int IP_FREEBIND = 15;
    static final int IPV6_TRANSPARENT = 75;
    static final int IPV6_FREEBIND = 78;
    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    private TransparentSource() {
    }

    /**
     * stunnel's sanity check before it creates the socket: a source address can only be bound on a socket of its
     * own family, so a client's IPv4 address cannot be the source of a connection to an IPv6 (or unix) target.
     *
     * @return whether a socket for {@code target} can take {@code source}; if not, the debug line was logged
     */
    public static boolean fits(SocketAddress source, SocketAddress target, Log log) {
        int from = family(source);
        int to = family(target);
        if (from != to) {
            log.log(Severity.DEBUG, "Cannot assign an AF=" + from + " address an AF=" + to + " socket");
            return false;
        }
        return true;
    }

    /**
     * Allows the new, unconnected socket to use a non-local source and binds it to {@code source}, which
     * {@link #fits} accepted for this socket's family.
     *
     * @return whether the socket is bound; if not, stunnel's {@code bind (...)} error line was logged
     */
    public static boolean bind(SocketChannel channel, SocketAddress source, Log log) {
        return bind(channel, source, true, log);
    }

    /**
     * As {@link #bind(SocketChannel, SocketAddress, Log)}; without {@code nonLocal} (stunnel's {@code local}
     * without {@code transparent = source}) the socket gets no IP_TRANSPARENT/IP_FREEBIND. A {@code local}
     * source has port 0, so it is bound with an ephemeral port ({@code bind succeeded on an ephemeral port}).
     */
    public static boolean bind(SocketChannel channel, SocketAddress source, boolean nonLocal, Log log) {
        if (nonLocal) {
            allowNonLocalBind(channel, family(source), log);
        }
        if (source instanceof InetSocketAddress inet) {
            return bindInet(channel, inet, log);
        }
        // A unix peer is (nearly always) unnamed: stunnel's bind of that address is the kernel's autobind.
        int errno = NativeSockets.autobindUnix(NativeFd.of(channel));
        if (errno == 0) {
            log.log(Severity.INFO, "bind succeeded on an ephemeral port");
            return true;
        }
        log.log(Severity.ERR, "bind (ephemeral port): " + NativeSockets.describe(errno));
        return false;
    }

    private static void allowNonLocalBind(SocketChannel channel, int family, Log log) {
        int fd = NativeFd.of(channel);
        if (fd < 0) {
            log.log(Severity.ERR, "setsockopt IP_TRANSPARENT: no file descriptor (needs Add-Exports java.base/sun.nio.ch)");
            return;
        }
        boolean ipv6 = family == AF_INET6;
        int level = ipv6 ? NativeSockets.SOL_IPV6 : NativeSockets.SOL_IP;
        int errno = NativeSockets.setInt(fd, level, ipv6 ? IPV6_TRANSPARENT : IP_TRANSPARENT, 1);
        if (errno == 0) {
            log.log(Severity.INFO, "IP_TRANSPARENT socket option set");
            return;
        }
        log.log(Severity.ERR, "setsockopt IP_TRANSPARENT: " + NativeSockets.describe(errno));
        errno = NativeSockets.setInt(fd, level, ipv6 ? IPV6_FREEBIND : IP_FREEBIND, 1);
        if (errno == 0) {
            log.log(Severity.INFO, "IP_FREEBIND socket option set");
        } else {
            log.log(Severity.ERR, "setsockopt IP_FREEBIND: " + NativeSockets.describe(errno));
        }
    }

    private static boolean bindInet(SocketChannel channel, InetSocketAddress source, Log log) {
        if (source.getPort() >= FIRST_UNPRIVILEGED_PORT) {
            try {
                channel.bind(source);
                log.log(Severity.INFO, "bind succeeded on the original port");
                return true;
            } catch (IOException e) {
                if (!addressInUse(e)) {
                    log.log(Severity.ERR, "bind (original port): " + SocketErrors.describe(e));
                    return false;
                }
            }
        }
        try {
            channel.bind(new InetSocketAddress(source.getAddress(), 0));
            log.log(Severity.INFO, "bind succeeded on an ephemeral port");
            return true;
        } catch (IOException e) {
            log.log(Severity.ERR, "bind (ephemeral port): " + SocketErrors.describe(e));
            return false;
        }
    }

    private static boolean addressInUse(IOException e) {
        return e instanceof BindException && SocketErrors.describe(e).equals("Address already in use (98)");
    }

    /** The {@code AF_*} number stunnel prints for an address. */
    static int family(SocketAddress address) {
        return switch (address) {
            case UnixDomainSocketAddress unix -> NativeSockets.AF_UNIX;
            case InetSocketAddress inet when inet.getAddress() instanceof Inet4Address -> AF_INET;
            case InetSocketAddress inet when inet.getAddress() instanceof Inet6Address -> AF_INET6;
            default -> throw new IllegalArgumentException("not a resolved socket address: " + address);
        };
    }
}
