package org.stunneljava.protocol;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.Connection;
import org.stunneljava.tls.HandshakeRecord;

/**
 * A server-mode protocol's steps, at the points stunnel's protocol.c runs them (its EARLY, MIDDLE and LATE phases).
 * One instance per service; a protocol that carries state from one step to the next (a SOCKS reply that waits for
 * the connect) hands each connection its own through {@link #forConnection}. Every step runs under
 * TIMEOUTbusy; a step ends the connection by throwing {@link NegotiationFailure}. The defaults do nothing, so a
 * protocol implements only its own steps.
 */
public interface ServerNegotiator {
    ServerNegotiator NONE = new ServerNegotiator() {
    };

    /**
     * The steps of one new connection accepted on {@code accepted} (its peer is the client the protocol talks to):
     * this instance when the protocol keeps no state between steps.
     */
    default ServerNegotiator forConnection(SocketChannel accepted) {
        return this;
    }

    /**
     * Whether the backend is connected before the TLS handshake, so that {@link #withBackendBeforeTls} can relay
     * its greeting (stunnel's {@code connect_before_ssl}: the smtp, pop3 and imap servers).
     */
    default boolean connectsBeforeTls() {
        return false;
    }

    /**
     * Plaintext with the client before TLS (EARLY: the connect and pgsql servers). May name the next hop, which
     * then replaces {@code connect} unless the client is redirected.
     */
    default Optional<Dialer> beforeTls(Connection connection, LineChannel client) throws IOException {
        return Optional.empty();
    }

    /** Plaintext with the client and the already connected backend, before TLS (MIDDLE of connect-first ones). */
    default void withBackendBeforeTls(Connection connection, LineChannel client, LineChannel backend)
            throws IOException {
    }

    /**
     * Inside TLS, after the handshake, before the next hop is connected (MIDDLE: the socks server). May name the
     * next hop, as {@link #beforeTls} may.
     */
    default Optional<Dialer> insideTls(Connection connection, HandshakeRecord handshake, LineChannel tls)
            throws IOException {
        return Optional.empty();
    }

    /** The next hop could not be connected; a protocol that answers the client (an HTTP 502) does so here. */
    default void connectFailed(Connection connection, LineChannel tls, IOException failure) throws IOException {
    }

    /** Both ends are up; before any relayed byte (LATE: the PROXY header to the backend). */
    default void beforeRelay(Connection connection, SocketChannel accepted, HandshakeRecord handshake,
                             LineChannel tls, LineChannel backend) throws IOException {
    }

    /** The relay that followed {@link #beforeRelay} ended, however it ended; before the close line. */
    default void afterRelay(Connection connection) {
    }
}
