package org.stunneljava.relay;

import java.util.List;
import org.stunneljava.tls.HandshakeRecord;

/**
 * What the running program learns about each connection (the active-connection list, metrics). One instance is
 * shared by every service for the life of the process; the {@link org.stunneljava.net.Acceptor} binds it to each
 * connection's thread, so the relay code reaches it without being handed it. Every method is called on the
 * connection's own thread and must be quick and must not throw.
 */
public interface ConnectionEvents {
    /** The events of the connection the current thread runs, bound by the acceptor. */
    ScopedValue<ConnectionEvents> CURRENT = ScopedValue.newInstance();

    /** Nobody listening (tests, tools). */
    ConnectionEvents NONE = new ConnectionEvents() {
    };

    /** The current thread's events, or {@link #NONE} outside an accepted connection. */
    static ConnectionEvents current() {
        return CURRENT.orElse(NONE);
    }

    /** Several listeners, called in order. */
    static ConnectionEvents all(List<ConnectionEvents> listeners) {
        List<ConnectionEvents> copy = List.copyOf(listeners);
        return new ConnectionEvents() {
            @Override
            public void opened(Connection connection) {
                copy.forEach(e -> e.opened(connection));
            }

            @Override
            public void closed(Connection connection) {
                copy.forEach(e -> e.closed(connection));
            }

            @Override
            public void handshakeCompleted(Connection connection, HandshakeRecord record) {
                copy.forEach(e -> e.handshakeCompleted(connection, record));
            }

            @Override
            public void handshakeFailed(Connection connection, HandshakeFailure.Reason reason) {
                copy.forEach(e -> e.handshakeFailed(connection, reason));
            }

            @Override
            public void connectFailed(Connection connection) {
                copy.forEach(e -> e.connectFailed(connection));
            }
        };
    }

    /** A connection was accepted and admitted; its accept line is next. */
    default void opened(Connection connection) {
    }

    /** A connection wrote its close line: its reason and byte counts are final. */
    default void closed(Connection connection) {
    }

    /** The TLS handshake completed (either mode), before any application data: {@link HandshakeLog}. */
    default void handshakeCompleted(Connection connection, HandshakeRecord record) {
    }

    /** The TLS handshake failed (or was cut by TIMEOUTbusy or a shutdown): {@link HandshakeFailure}. */
    default void handshakeFailed(Connection connection, HandshakeFailure.Reason reason) {
    }

    /** Every address of the next hop failed ({@code No more addresses to connect}): {@link Lifecycle#dial}. */
    default void connectFailed(Connection connection) {
    }
}
