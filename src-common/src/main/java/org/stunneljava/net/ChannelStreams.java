package org.stunneljava.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Blocking streams over a {@link SocketChannel} for Bouncy Castle's record layer. Unlike
 * {@link java.nio.channels.Channels#newInputStream}, reads and writes take no common lock, so one virtual thread can
 * block in a read while another writes (full duplex). Closing a stream does nothing: the connection owns the
 * channel and closes it once.
 */
public final class ChannelStreams {
    private ChannelStreams() {
    }

    public static Input in(SocketChannel channel) {
        return new Input(channel);
    }

    /**
     * The input side; remembers whether the peer closed the connection, which Bouncy Castle reports during a
     * handshake only as its own handshake_failure alert (stunnel says "unexpected eof while reading").
     *
     * <p>Bouncy Castle reads each record as a 5-byte header and then its fragment. A large fragment (bulk traffic)
     * is read through a pooled read-ahead buffer of {@link #AHEAD} bytes, which then also holds whatever records
     * followed it: the relay takes those complete records at once and writes them to the plaintext side in one
     * write ({@link #completeRecordBuffered}, {@link #noWait}). Small reads (headers, interactive records) go
     * straight to the socket, so an idle connection, parked in a header read, holds no buffer; the buffer goes back
     * to the pool as soon as it is empty. Read by one thread at a time.
     */
    public static final class Input extends InputStream {
        /** Four full TLS records; loopback delivers up to 64 KB at once. */
        static final int AHEAD = 64 * 1024;
        /** Reads of at least this much (a record fragment beyond interactive sizes) go through the read-ahead. */
        static final int AHEAD_FROM = 4096;
        private static final int RECORD_HEADER = 5;
        private static final int POOL_LIMIT = 64;
        private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();
        private static final AtomicInteger POOLED = new AtomicInteger();

        private final SocketChannel channel;
        private volatile boolean eof;
        /** Unread bytes between position and limit; null when there are none. */
        private ByteBuffer ahead;
        private boolean noWait;
        /** During a handshake: our gathered flight, written before we wait for the peer's. */
        private Output flushFirst;

        private Input(SocketChannel channel) {
            this.channel = channel;
        }

        public boolean reachedEof() {
            return eof;
        }

        /** True when the read-ahead holds at least one whole TLS record (header and fragment). */
        public boolean completeRecordBuffered() {
            ByteBuffer b = ahead;
            if (b == null || b.remaining() < RECORD_HEADER) {
                return false;
            }
            int length = (b.get(b.position() + 3) & 0xFF) << 8 | b.get(b.position() + 4) & 0xFF;
            return b.remaining() >= RECORD_HEADER + length;
        }

        /**
         * While set, a read that would have to wait for the socket throws {@link WouldBlock} instead; Bouncy Castle
         * passes an {@link InterruptedIOException} through without failing the connection and resumes the record
         * later (the path it has for socket timeouts).
         */
        public void noWait(boolean on) {
            noWait = on;
        }

        /**
         * While set (a handshake, one thread), every read that goes to the socket first writes what {@code out} has
         * gathered: our flight leaves in one write just before we wait for the peer's, as OpenSSL sends it.
         */
        public void flushFirst(Output out) {
            flushFirst = out;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (ahead == null) {
                if (noWait) {
                    throw new WouldBlock();
                }
                if (flushFirst != null) {
                    flushFirst.flushCorked();
                }
                if (len < AHEAD_FROM) {
                    return counted(channel.read(ByteBuffer.wrap(b, off, len)));
                }
                ahead = borrow();
                int n = channel.read(ahead);
                if (n <= 0) {
                    release();
                    return counted(n);
                }
                ahead.flip();
            }
            int n = Math.min(len, ahead.remaining());
            ahead.get(b, off, n);
            if (!ahead.hasRemaining()) {
                release();
            }
            return n;
        }

        private int counted(int n) {
            if (n < 0) {
                eof = true;
            }
            return n;
        }

        private void release() {
            ByteBuffer b = ahead;
            ahead = null;
            b.clear();
            if (POOLED.incrementAndGet() <= POOL_LIMIT) {
                POOL.offer(b);
            } else {
                POOLED.decrementAndGet();
            }
        }

        private static ByteBuffer borrow() {
            ByteBuffer b = POOL.poll();
            if (b == null) {
                return ByteBuffer.allocateDirect(AHEAD);
            }
            POOLED.decrementAndGet();
            return b;
        }
    }

    /** A read in {@link Input#noWait} mode that would have blocked; carries no stack (control flow). */
    public static final class WouldBlock extends InterruptedIOException {
        WouldBlock() {
            super("no complete record buffered");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    public static Output out(SocketChannel channel) {
        return new Output(channel);
    }

    /**
     * The output side. Bouncy Castle writes and flushes each TLS record on its own, one write syscall per 16 KB
     * record; between {@link #cork} and {@link #uncork} the records of one large application write are gathered
     * in a buffer borrowed for that call and leave in one write ({@link #flushCorked}). Used under the protocol's
     * write lock, so one thread at a time.
     */
    public static final class Output extends OutputStream {
        /** Room for the records of one 64 KB application write (4 records of 16 KB plus their overhead). */
        static final int CORK = 64 * 1024 + 1024;
        private static final int POOL_LIMIT = 64;
        private static final ConcurrentLinkedQueue<byte[]> POOL = new ConcurrentLinkedQueue<>();
        private static final AtomicInteger POOLED = new AtomicInteger();

        private final SocketChannel channel;
        private byte[] corked;
        private int used;

        private Output(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (corked != null) {
                if (len > corked.length - used) {
                    flushCorked();
                }
                if (len <= corked.length) {
                    System.arraycopy(b, off, corked, used, len);
                    used += len;
                    return;
                }
            }
            writeFully(b, off, len);
        }

        /** From now on, gathers writes until {@link #flushCorked}; flushes in between are no-ops. */
        public void cork() {
            corked = borrow();
            used = 0;
        }

        /** Writes what was gathered. */
        public void flushCorked() throws IOException {
            if (used > 0) {
                int n = used;
                used = 0;
                writeFully(corked, 0, n);
            }
        }

        /** Ends gathering; anything not flushed (the write failed) is dropped with the buffer. */
        public void uncork() {
            byte[] b = corked;
            corked = null;
            used = 0;
            if (b != null && POOLED.incrementAndGet() <= POOL_LIMIT) {
                POOL.offer(b);
            } else if (b != null) {
                POOLED.decrementAndGet();
            }
        }

        private void writeFully(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }

        private static byte[] borrow() {
            byte[] b = POOL.poll();
            if (b == null) {
                return new byte[CORK];
            }
            POOLED.decrementAndGet();
            return b;
        }
    }
}
