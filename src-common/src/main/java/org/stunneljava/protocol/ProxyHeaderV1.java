package org.stunneljava.protocol;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.stunneljava.net.ClientAddresses;
import org.stunneljava.net.SocketFamily;
import org.stunneljava.relay.Connection;
import org.stunneljava.tls.HandshakeRecord;

/**
 * {@code protocol = proxy}: HAProxy's PROXY protocol version 1 line to the backend, after the handshake and before
 * any client byte, exactly as stunnel writes it: {@code PROXY TCP4|TCP6 SRC DST SPORT DPORT\r\n}, where the source
 * is the TLS client and the destination the address it connected to, printed as getnameinfo prints them on the
 * accepted socket (an IPv4 client of a dual-stack listener is {@code TCP6 ::ffff:a.b.c.d}); behind a load balancer
 * ({@code acceptProxy}), the client its header named. A unix-socket accept has
 * no numeric address: stunnel then sends nothing and resets the connection, and so do we.
 */
final class ProxyHeaderV1 implements ServerNegotiator {
    @Override
    public void beforeRelay(Connection connection, SocketChannel accepted, HandshakeRecord handshake,
                            LineChannel tls, LineChannel backend) throws IOException {
        ClientAddresses addresses = connection.clientAddresses(accepted)
                .orElseThrow(() -> NegotiationFailure.reset("getnameinfo: Unknown error"));
        backend.writeLine(line(addresses));
    }

    static String line(ClientAddresses a) {
        boolean ipv6 = a.ipv6();
        return "PROXY " + (ipv6 ? "TCP6 " : "TCP4 ")
                + SocketFamily.numericHost(a.source().getAddress(), ipv6) + " "
                + SocketFamily.numericHost(a.destination().getAddress(), ipv6) + " "
                + a.source().getPort() + " " + a.destination().getPort();
    }
}
