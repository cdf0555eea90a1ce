package org.stunneljava.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketOptions;

/** A stand-in for {@code /dev/log}: an AF_UNIX datagram socket bound in a test directory. Owns and closes it. */
public final class TestSyslog implements AutoCloseable {
    private final Path path;
    private final UnixDatagramChannel channel;

    public TestSyslog(Path path) throws IOException {
        this.path = path;
        channel = UnixDatagramChannel.open();
        channel.bind(new UnixSocketAddress(path.toFile()));
        channel.setOption(UnixSocketOptions.SO_RCVTIMEO, 5000); // the deadline of receive()
    }

    public Path path() {
        return path;
    }

    /** The next datagram as text; fails after the 5 s receive deadline. */
    public String receive() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        channel.receive(buffer);
        buffer.flip();
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
