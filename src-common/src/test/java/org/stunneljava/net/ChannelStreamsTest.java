package org.stunneljava.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelStreamsTest {
    @Test
    void corkedWritesArriveInOrderOnlyOnceFlushed() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel a = SocketChannel.open(server.getLocalAddress()); SocketChannel b = server.accept()) {
                ChannelStreams.Output out = ChannelStreams.out(a);
                byte[] data = new byte[3 * ChannelStreams.Output.CORK];
                new Random(7).nextBytes(data);
                out.cork();
                out.write(data, 0, 100);
                out.flush();
                b.configureBlocking(false);
                assertEquals(0, b.read(ByteBuffer.allocate(16)), "nothing leaves before flushCorked");
                b.configureBlocking(true);
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                Thread reader = Thread.ofVirtual().start(() -> {
                    ByteBuffer buf = ByteBuffer.allocate(8192);
                    try {
                        while (got.size() < data.length && b.read(buf.clear()) > 0) {
                            got.write(buf.array(), 0, buf.position());
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                out.write(data, 100, ChannelStreams.Output.CORK); // does not fit: what was gathered goes first
                out.write(data, 100 + ChannelStreams.Output.CORK, data.length - 100 - ChannelStreams.Output.CORK);
                out.flushCorked();
                out.uncork();
                reader.join();
                assertArrayEquals(data, got.toByteArray());
            }
        }
    }
}
