package org.stunneljava.tls;

import java.io.IOException;

/**
 * What the relay needs from a TLS connection after the handshake, on top of Bouncy Castle's protocol classes:
 * reads that end with -1 when the peer closed its write side, and a half-close of our own write side.
 * Implemented by {@link RelayServerProtocol} and {@link RelayClientProtocol}; the caller owns the transport and
 * closes it (these classes never close it on a clean half-close).
 */
public interface HalfCloseProtocol {
    /** Blocks for application data; -1 once the peer sent close_notify or a clean EOF. */
    int read(byte[] buf, int off, int len) throws IOException;

    /** Writes application data; safe to call from one thread while another reads. */
    void write(byte[] buf, int off, int len) throws IOException;

    /** Decrypted bytes a read returns without blocking (Bouncy Castle's own method). */
    int applicationDataAvailable();

    /** True when a whole TLS record has arrived but was not read yet. */
    boolean completeRecordBuffered();

    /**
     * Reads decrypted data or whole records that already arrived, never waiting for the socket: 0 when there is
     * none, -1 once the peer closed its write side.
     */
    int readReady(byte[] buf, int off, int len) throws IOException;

    /** Sends close_notify once and keeps the read side open. */
    void shutdownOutput() throws IOException;

    /** True once a fatal alert was sent or received, or the transport failed. */
    boolean isFailed();
}
