package org.stunneljava.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import org.stunneljava.net.SocketFamily;
import org.stunneljava.relay.Connection;
import org.stunneljava.tls.HandshakeRecord;

/**
 * {@code protocol = proxy}: HAProxy's PROXY protocol version 1 line to the backend, after the handshake and before
 * any client byte, exactly as stunnel writes it: {@code PROXY TCP4|TCP6 SRC DST SPORT DPORT\r\n}, where the source
 * is the TLS client and the destination the address it connected to, printed as getnameinfo prints them on the
 * accepted socket (an IPv4 client of a dual-stack listener is {@code TCP6 ::ffff:a.b.c.d}). A unix-socket accept has
 * no numeric address: stunnel then sends nothing and resets the connection, and so do we.
 */
final class ProxyHeaderV1 implements ServerNegotiator {
    @Override
    public void beforeRelay(Connection connection, SocketChannel accepted, HandshakeRecord handshake,
                            LineChannel tls, LineChannel backend) throws IOException {
        backend.writeLine(line(accepted));
    }

    static String line(SocketChannel accepted) throws IOException {
        if (!(accepted.getRemoteAddress() instanceof InetSocketAddress source)
                || !(accepted.getLocalAddress() instanceof InetSocketAddress destination)) {
            throw NegotiationFailure.reset("getnameinfo: Unknown error");
        }
        boolean ipv6 = SocketFamily.isIpv6(accepted, destination);
        return "PROXY " + (ipv6 ? "TCP6 " : "TCP4 ")
                + SocketFamily.numericHost(source.getAddress(), ipv6) + " "
                + SocketFamily.numericHost(destination.getAddress(), ipv6) + " "
                + source.getPort() + " " + destination.getPort();
    }
}
