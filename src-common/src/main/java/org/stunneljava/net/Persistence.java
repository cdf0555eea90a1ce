package org.stunneljava.net;

import java.net.SocketAddress;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * stunnel's session persistence, as the dial step of a server connection sees it (client.c idx_cache_retrieve and
 * idx_cache_save): the connection's TLS session remembers the backend it went to, and a resumed session tries that
 * backend first when the service has more than one. Client mode has none: there the remote is dialled before any
 * TLS session exists. Immutable; the remembered address lives in the session's state.
 *
 * @param enabled  whether there is a TLS session to remember the backend in
 * @param resumed  whether the connection resumed a session, so that its previous backend is looked for
 * @param previous the backend the session used last, or null
 * @param remember stores the backend this connection uses
 */
public record Persistence(boolean enabled, boolean resumed, Supplier<SocketAddress> previous,
                          Consumer<SocketAddress> remember) {
    /** No TLS session yet (client mode) or none kept: no persistence lines, no look-up. */
    public static final Persistence NONE = new Persistence(false, false, () -> null, a -> { });

    public static Persistence of(boolean resumed, Supplier<SocketAddress> previous, Consumer<SocketAddress> remember) {
        return new Persistence(true, resumed, previous, remember);
    }
}
