package org.stunneljava.tls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.ReentrantLock;
import org.stunneljava.net.ChannelStreams;

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
 * the handshake; {@link #handleClose} throws {@link InboundClosed} from there. Being an
 * {@link InterruptedIOException}, it passes BC's read path without a fatal alert and without closing the
 * transport, and {@code readApplicationData} converts it into -1.
 */
final class HalfClose {
    /** TLS plaintext record limit (RFC 8446 section 5.1). */
    private static final int RECORD = 1 << 14;
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

    /** A protocol method to run inside the half-close rules (the subclass passes {@code super.x(...)}). */
    interface IoAction {
        void run() throws IOException;
    }

    /** Likewise, for a read that returns a count. */
    interface IoRead {
        int run() throws IOException;
    }

    /** {@code handleClose}: a peer-initiated close ends the read side only; our own close runs as usual. */
    void handleClose(boolean userCanceled, IoAction ourClose) throws IOException {
        if (!userCanceled) {
            inboundClosed = true;
            throw new InboundClosed();
        }
        ourClose.run();
    }

    /** {@code readApplicationData}: -1 once the peer closed its side, without touching the socket again. */
    int readApplicationData(IoRead read) throws IOException {
        if (inboundClosed) {
            return -1;
        }
        try {
            return read.run();
        } catch (InboundClosed e) {
            return -1;
        }
    }

    /** {@code writeRecord}: every record write, data or alert, under the one write lock. */
    void writeRecord(IoAction write) throws IOException {
        writeLock.lock();
        try {
            write.run();
        } finally {
            writeLock.unlock();
        }
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

    /** Bouncy Castle's readApplicationData (with the half-close subclass's -1). */
    interface RecordReader {
        int read(byte[] buf, int off, int len) throws IOException;
    }

    /**
     * Reads only what needs no socket read: decrypted data, or records the input stream holds whole. A record that
     * turns out to carry no data (a TLS 1.3 KeyUpdate) would make Bouncy Castle read the next one; the input then
     * throws {@link ChannelStreams.WouldBlock} instead of waiting, and the record is resumed by the next read.
     */
    int readReady(RecordReader records, int decrypted, ChannelStreams.Input in, byte[] buf, int off, int len)
            throws IOException {
        if (decrypted == 0 && (in == null || !in.completeRecordBuffered())) {
            return 0;
        }
        if (in != null) {
            in.noWait(true);
        }
        try {
            return records.read(buf, off, len);
        } catch (ChannelStreams.WouldBlock e) {
            return 0;
        } finally {
            if (in != null) {
                in.noWait(false);
            }
        }
    }

    /** Bouncy Castle's writeApplicationData. */
    interface RecordWriter {
        void write(byte[] buf, int off, int len) throws IOException;
    }

    /**
     * Writes application data; one larger than a record (bulk from the plaintext side) leaves as one socket write
     * of all its records, gathered under the write lock so that no alert from the read path lands in between
     * unsent. Bulk backend->client: 1 write syscall per 64 KB instead of per 16 KB record.
     */
    void write(RecordWriter records, ChannelStreams.Output gather, byte[] buf, int off, int len) throws IOException {
        if (gather == null || len <= RECORD) {
            records.write(buf, off, len);
            return;
        }
        writeLock.lock();
        gather.cork();
        try {
            records.write(buf, off, len);
            gather.flushCorked();
        } finally {
            gather.uncork();
            writeLock.unlock();
        }
    }

    boolean outboundClosed() {
        return outboundClosed;
    }
}
