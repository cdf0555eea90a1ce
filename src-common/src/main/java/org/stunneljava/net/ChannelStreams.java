package org.stunneljava.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

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

    public static OutputStream out(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
        };
    }
}
