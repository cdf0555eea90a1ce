package org.stunneljava.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

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

    /**
     * Polls the socket through a selector of its own, in non-blocking mode for the duration only; the channel is
     * blocking again when this returns. Nobody else reads or writes the socket meanwhile (a protocol step owns it).
     */
    @Override
    public boolean readableWithin(Duration limit) throws IOException {
        synchronized (channel.blockingLock()) {
            channel.configureBlocking(false);
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                return selector.select(Math.max(1, limit.toMillis())) > 0;
            } finally {
                channel.configureBlocking(true); // the selector's close deregistered the channel
            }
        }
    }
}
