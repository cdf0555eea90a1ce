package org.stunneljava.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import org.stunneljava.config.SocketOptions;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Addresses;
import org.stunneljava.net.Admission;
import org.stunneljava.net.Dialer;
import org.stunneljava.net.Persistence;
import org.stunneljava.net.SocketOptionSetter;
import org.stunneljava.protocol.NegotiationFailure;

/**
 * The frame every connection runs in, whatever the mode: the accept line, the mode's steps, the mapping of how they
 * ended to a {@link CloseReason}, and the one close line at the end.
 */
public final class Lifecycle {
    private Lifecycle() {
    }

    /** A mode's steps for one connection (handshake, dial, relay in the mode's order). */
    @FunctionalInterface
    public interface Steps {
        void run(Connection connection) throws IOException, InterruptedException;
    }

    public static void run(Connection connection, SocketChannel accepted, Steps steps) {
        ConnectionEvents events = ConnectionEvents.current();
        events.opened(connection);
        try {
            localSocketOptions(connection, accepted);
            connection.log().log(Severity.NOTICE, "Service [" + connection.service() + "] accepted connection from "
                    + Addresses.text(accepted.getRemoteAddress()));
            steps.run(connection);
        } catch (Dialer.NoMoreAddresses e) {
            connection.close(CloseReason.CONNECT_FAILED);
        } catch (NegotiationFailure e) {
            if (e.logged() && !connection.isClosing()) {
                connection.log().log(Severity.ERR, e.getMessage());
            }
            connection.close(e.reset() ? CloseReason.PROTOCOL_FAILED : CloseReason.PROTOCOL_ENDED);
        } catch (IOException e) {
            connection.close(CloseReason.IO_ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close(CloseReason.SHUTDOWN);
        } catch (RuntimeException e) {
            connection.log().log(Severity.ERR, "INTERNAL ERROR: " + e, e);
            connection.close(CloseReason.INTERNAL_ERROR);
        } finally {
            try {
                connection.finish();
                Admission.finished(connection.service(), connection.log());
            } finally {
                events.closed(connection); // whatever the close line met: no ghost in the active list
            }
        }
    }

    /**
     * stunnel's {@code socket = l:...} on the accepted socket, before anything is read from it; a unix socket is
     * skipped, as in stunnel (client.c local_start). A failure is logged and the connection goes on.
     */
    private static void localSocketOptions(Connection connection, SocketChannel accepted) throws IOException {
        if (accepted.getRemoteAddress() instanceof InetSocketAddress
                && !SocketOptionSetter.apply(accepted, SocketOptions.Kind.LOCAL,
                        connection.sockets().socket().local(), connection.log())) {
            connection.log().log(Severity.WARNING, "Failed to set local socket options");
        }
    }

    /** Applies the authorize hook after a handshake; a refusal is logged as a warning and closes the connection. */
    public static boolean authorized(Connection connection, ConnectionHooks hooks,
                                     org.stunneljava.tls.HandshakeRecord handshake) {
        var refusal = hooks.authorize().refusal(connection, handshake);
        refusal.ifPresent(reason -> {
            connection.log().log(Severity.WARNING, reason);
            connection.close(CloseReason.REFUSED);
        });
        return refusal.isEmpty();
    }

    /** Connects the next hop and logs stunnel's {@code connected remote server from} line. */
    public static SocketChannel dial(Connection connection, Dialer dialer) throws IOException {
        return dial(connection, dialer, Persistence.NONE);
    }

    /** As {@link #dial(Connection, Dialer)}, remembering the backend in the TLS session (server mode). */
    public static SocketChannel dial(Connection connection, Dialer dialer, Persistence persistence)
            throws IOException {
        return dial(connection, dialer, persistence, null);
    }

    /**
     * As {@link #dial(Connection, Dialer, Persistence)}, from the service's {@code local} address, else from
     * {@code transparentSource} ({@code transparent = source}: the accepted client's address), else from an
     * address the kernel picks (stunnel's remote_start). Then the service's {@code socket = r:...} options are set
     * on the connected socket, as stunnel does after connect(); a failure is logged and the connection goes on.
     */
    public static SocketChannel dial(Connection connection, Dialer dialer, Persistence persistence,
                                     SocketAddress transparentSource) throws IOException {
        connection.phase(Phase.CONNECTING);
        SocketChannel next;
        try {
            next = dialer.connect(connection.log(), persistence, transparentSource,
                    connection.sockets().local().orElse(null));
        } catch (Dialer.NoMoreAddresses e) {
            // here rather than in run(): a protocol (socks, https-proxy) answers its client and ends otherwise
            ConnectionEvents.current().connectFailed(connection);
            throw e;
        }
        connection.log().log(Severity.NOTICE, "Service [" + connection.service() + "] connected remote server from "
                + Addresses.text(next.getLocalAddress()));
        if (!SocketOptionSetter.apply(next, SocketOptions.Kind.REMOTE, connection.sockets().socket().remote(),
                connection.log())) {
            connection.log().log(Severity.WARNING, "Failed to set remote socket options");
        }
        return next;
    }
}
