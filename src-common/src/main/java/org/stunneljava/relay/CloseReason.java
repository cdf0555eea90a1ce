package org.stunneljava.relay;

/**
 * Why a connection ended: the word in metrics and the deciding input of stunnel's close line
 * ({@code Connection closed|reset|closed/reset|reset/closed}). An {@link #error} ending resets the sockets
 * (stunnel's {@code reset = yes}) except a TLS socket on which a fatal alert already told the peer.
 */
public enum CloseReason {
    COMPLETED(false),
    CLOSE_TIMEOUT(false),
    SHUTDOWN(false),
    IDLE_TIMEOUT(true),
    BUSY_TIMEOUT(true),
    HANDSHAKE_FAILED(true),
    CONNECT_FAILED(true),
    REFUSED(true),
    /** A protocol exchange failed (stunnel's {@code throw_exception(c, 1)}). */
    PROTOCOL_FAILED(true),
    /** A protocol exchange ended the connection after telling the peer why ({@code throw_exception(c, 2)}). */
    PROTOCOL_ENDED(false),
    PEER_RESET(true),
    IO_ERROR(true),
    INTERNAL_ERROR(true);

    private final boolean error;

    CloseReason(boolean error) {
        this.error = error;
    }

    public boolean error() {
        return error;
    }
}
