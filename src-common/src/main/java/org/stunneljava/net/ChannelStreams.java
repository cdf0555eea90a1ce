package org.stunneljava.net;

import java.io.IOException;
import java.io.InputStream;
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
     */
    public static final class Input extends InputStream {
        private final SocketChannel channel;
        private volatile boolean eof;

        private Input(SocketChannel channel) {
            this.channel = channel;
        }

        public boolean reachedEof() {
            return eof;
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
            int n = channel.read(ByteBuffer.wrap(b, off, len));
            if (n < 0) {
                eof = true;
            }
            return n;
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
