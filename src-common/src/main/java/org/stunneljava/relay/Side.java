package org.stunneljava.relay;

import java.io.IOException;
import java.time.Duration;

/**
 * One end of a relay: the plaintext socket or the TLS connection. Reads return -1 when the peer finished sending;
 * {@link #shutdownOutput} tells the peer we finished. Used by exactly one reading and one writing thread.
 */
public interface Side {
    int read(byte[] buf, int off, int len) throws IOException;

    void write(byte[] buf, int off, int len) throws IOException;

    void shutdownOutput() throws IOException;

    /** Bytes the next read returns without blocking; 0 when unknown (a plain socket does not say). */
    default int available() {
        return 0;
    }

    /** Reads only what is ready without blocking: 0 when nothing is (the default), -1 at end of stream. */
    default int readReady(byte[] buf, int off, int len) throws IOException {
        return 0;
    }

    /**
     * Whether the peer sent something or closed within {@code limit}, consuming nothing (stunnel's
     * {@code s_poll_wait} on one descriptor: the smtp and imap servers' 200 ms sniff). Plaintext sockets only.
     */
    default boolean readableWithin(Duration limit) throws IOException {
        throw new UnsupportedOperationException("readiness of " + getClass().getSimpleName());
    }
}
