package org.stunneljava.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** The plaintext end: a TCP or unix stream socket. Half-close is a TCP FIN ({@code shutdown(SHUT_WR)}). */
public final class PlainSide implements Side {
    private final SocketChannel channel;

    public PlainSide(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        return channel.read(ByteBuffer.wrap(buf, off, len));
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }
}
