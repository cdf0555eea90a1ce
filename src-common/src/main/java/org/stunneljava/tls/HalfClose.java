package org.stunneljava.tls;

import java.io.InterruptedIOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The half-close state shared by {@link RelayServerProtocol} and {@link RelayClientProtocol}.
 *
 * <p>Stock Bouncy Castle answers a received close_notify with its own and closes the transport in both
 * directions. stunnel instead relays a half-close (the peer that sent close_notify still receives the backend's
 * answer), which TLS 1.3 explicitly allows (RFC 8446 §6.1). The protocol subclasses therefore turn a
 * peer-initiated close (close_notify, or a clean TCP EOF at a record boundary) into end-of-stream on the read side
 * only, and send our own close_notify when our write side is done.
 *
 * <p>The mechanism: Bouncy Castle calls {@code handleClose(false)} exactly for the two peer-initiated closes, after
 * the handshake; the subclass throws {@link InboundClosed} from there. Being an {@link InterruptedIOException}, it
 * passes BC's read path without a fatal alert and without closing the transport, and
 * {@code readApplicationData} converts it into -1.
 */
final class HalfClose {
    /** Serializes every record write: BC's read path may write alerts while the other pump writes data. */
    final ReentrantLock writeLock = new ReentrantLock();
    private volatile boolean inboundClosed;
    private volatile boolean outboundClosed;

    /** Thrown from {@code handleClose(false)}; never escapes the protocol subclasses. */
    static final class InboundClosed extends InterruptedIOException {
        InboundClosed() {
            super("peer closed its write side");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // control flow, not an error
        }
    }

    InboundClosed markInboundClosed() {
        inboundClosed = true;
        return new InboundClosed();
    }

    boolean inboundClosed() {
        return inboundClosed;
    }

    /** @return true the first time only: the caller then sends close_notify. */
    boolean markOutboundClosed() {
        writeLock.lock();
        try {
            if (outboundClosed) {
                return false;
            }
            outboundClosed = true;
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    boolean outboundClosed() {
        return outboundClosed;
    }
}
