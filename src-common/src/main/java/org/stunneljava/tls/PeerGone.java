package org.stunneljava.tls;

import java.io.IOException;
import java.io.InterruptedIOException;

import org.stunneljava.net.SocketErrors;

/**
 * A record write that failed because the peer reset the connection, rethrown as an
 * {@link InterruptedIOException}: Bouncy Castle then leaves an established connection as it is instead of
 * marking it failed, so the reading pump can still read what the peer sent before it went away, typically the
 * fatal alert that explains it (a server refusing our certificate after our TLS 1.3 handshake completed:
 * stunnel logs {@code SSL_read: ... alert certificate required}). Carries the original message, so
 * {@link SocketErrors} still describes it as the reset it is.
 */
final class PeerGone extends InterruptedIOException {
    private PeerGone(IOException cause) {
        super(cause.getMessage());
        initCause(cause);
    }

    /** What a failed record write throws: a peer's reset as {@link PeerGone}, anything else as it is. */
    static IOException translate(IOException e) {
        if (e instanceof InterruptedIOException || e instanceof java.io.EOFException || !SocketErrors.isPeerReset(e)) {
            return e;
        }
        return new PeerGone(e);
    }
}
