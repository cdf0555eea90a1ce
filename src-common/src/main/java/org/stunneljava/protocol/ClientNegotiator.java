package org.stunneljava.protocol;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.stunneljava.relay.Connection;

/**
 * A client-mode protocol's steps, at the points stunnel's protocol.c runs them: plaintext with the remote after
 * the TCP connect and before TLS (MIDDLE: the proxy CONNECT, STARTTLS) and inside TLS before relaying (LATE: SMTP
 * AUTH). One instance per service; every step runs under TIMEOUTbusy and ends the connection by throwing
 * {@link NegotiationFailure}.
 */
public interface ClientNegotiator {
    ClientNegotiator NONE = new ClientNegotiator() {
    };

    /** @param local the accepted plaintext client, which some protocols show the server's greeting */
    default void beforeTls(Connection connection, LineChannel remote, LineChannel local)
            throws IOException {
    }

    /** @param accepted the accepted plaintext socket (its original destination, for the socks client) */
    default void beforeRelay(Connection connection, SocketChannel accepted, LineChannel tls,
                             LineChannel local) throws IOException {
    }
}
