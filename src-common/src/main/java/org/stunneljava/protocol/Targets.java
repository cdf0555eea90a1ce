package org.stunneljava.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.Failover;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Dialer;

/**
 * The destinations a client names to a protocol server (CONNECT, SOCKS): resolved as stunnel's hostport2addrlist
 * resolves them, with its error line, and dialled in order as one failover list. Stateless.
 */
final class Targets {
    private Targets() {
    }

    /**
     * Every address of {@code host} (a name or a literal) with {@code port}, or an empty list once stunnel's line
     * {@code Error resolving "HOST": ...} is logged.
     */
    static List<InetSocketAddress> resolve(Log log, String host, int port) {
        List<InetSocketAddress> out = new ArrayList<>();
        try {
            if (host.isEmpty()) {
                throw new UnknownHostException(host); // the JDK would answer loopback; getaddrinfo fails
            }
            for (InetAddress a : InetAddress.getAllByName(host)) {
                out.add(new InetSocketAddress(a, port));
            }
        } catch (UnknownHostException | SecurityException e) {
            log.log(Severity.ERR, "Error resolving \"" + host + "\": Neither nodename nor servname known (EAI_NONAME)");
            return List.of();
        }
        return List.copyOf(out);
    }

    /** The first IPv4 address, else the first IPv6 one: stunnel's addrlist2addr (the TOR RESOLVE answers). */
    static InetAddress preferIpv4(List<InetSocketAddress> addresses) {
        return addresses.stream().map(InetSocketAddress::getAddress).filter(a -> a instanceof java.net.Inet4Address)
                .findFirst().orElse(addresses.getFirst().getAddress());
    }

    /** A dialer trying {@code addresses} in order, each within {@code timeout}. */
    static Dialer dialer(List<InetSocketAddress> addresses, Duration timeout) {
        List<Endpoint> endpoints = addresses.stream()
                .map(a -> (Endpoint) new Endpoint.Tcp(a.getAddress().getHostAddress(), a.getPort())).toList();
        return new Dialer(endpoints, false, Failover.PRIO, timeout);
    }
}
