package org.stunneljava.relay;

import java.util.List;

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
        };
    }

    /** A connection was accepted and admitted; its accept line is next. */
    default void opened(Connection connection) {
    }

    /** A connection wrote its close line: its reason and byte counts are final. */
    default void closed(Connection connection) {
    }
}
