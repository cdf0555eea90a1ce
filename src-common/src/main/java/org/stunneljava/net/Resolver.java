package org.stunneljava.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.stunneljava.config.Endpoint;

/**
 * Turns configured endpoints into socket addresses. A name with several addresses yields all of them (stunnel binds
 * every one and adds every one to the failover list). A missing host means 0.0.0.0 for {@code accept} and 127.0.0.1
 * for {@code connect}: stunnel always uses IPv4 defaults.
 */
public final class Resolver {
    private Resolver() {
    }

    public static List<SocketAddress> forAccept(Endpoint endpoint) throws UnknownHostException {
        return resolve(endpoint, "0.0.0.0");
    }

    public static List<SocketAddress> forConnect(Endpoint endpoint) throws UnknownHostException {
        return resolve(endpoint, "127.0.0.1");
    }

    private static List<SocketAddress> resolve(Endpoint endpoint, String defaultHost) throws UnknownHostException {
        return switch (endpoint) {
            case Endpoint.Unix unix -> List.of(UnixDomainSocketAddress.of(unix.path()));
            case Endpoint.Tcp tcp -> {
                List<SocketAddress> out = new ArrayList<>();
                for (InetAddress a : InetAddress.getAllByName(tcp.host() == null ? defaultHost : tcp.host())) {
                    out.add(new InetSocketAddress(a, tcp.port()));
                }
                yield List.copyOf(out);
            }
        };
    }
}
