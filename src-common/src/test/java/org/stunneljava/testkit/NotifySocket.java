package org.stunneljava.testkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketOptions;

/**
 * What systemd listens on for {@code sd_notify} messages: an AF_UNIX datagram socket, bound to a path or to an
 * abstract name, whose address goes into {@code NOTIFY_SOCKET} ({@code /path} or {@code @name}). Each datagram is a
 * list of {@code KEY=VALUE} lines. Owns and closes the socket.
 */
public final class NotifySocket implements AutoCloseable {
    private final String variable;
    private final UnixDatagramChannel channel;
    private final Path path;

    private NotifySocket(String variable, UnixSocketAddress address, Path path) throws IOException {
        this.variable = variable;
        this.path = path;
        channel = UnixDatagramChannel.open();
        channel.bind(address);
    }

    /** Bound to {@code path} (created; removed on close). */
    public static NotifySocket atPath(Path path) throws IOException {
        return new NotifySocket(path.toString(), new UnixSocketAddress(path.toFile()), path);
    }

    /** Bound to a fresh abstract name, as systemd's own {@code @/org/freedesktop/systemd1/notify/...}. */
    public static NotifySocket abstractName() throws IOException {
        String name = "stunnel-java-test/notify/" + ProcessHandle.current().pid() + "/"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
        return new NotifySocket("@" + name, new UnixSocketAddress("\0" + name), null);
    }

    /** The value of {@code NOTIFY_SOCKET} that names this socket. */
    public String variable() {
        return variable;
    }

    /** The next datagram as its {@code KEY=VALUE} lines, waiting at most {@code timeout}. */
    public Map<String, String> receive(Duration timeout) throws IOException {
        channel.setOption(UnixSocketOptions.SO_RCVTIMEO, (int) Math.max(1, timeout.toMillis()));
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        if (channel.receive(buffer) == null && buffer.position() == 0) {
            throw new InterruptedIOException("no datagram on " + variable + " within " + timeout);
        }
        buffer.flip();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : StandardCharsets.UTF_8.decode(buffer).toString().split("\n")) {
            int eq = line.indexOf('=');
            fields.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
        }
        return fields;
    }

    /** Datagrams until one has {@code key}: that one (failing after {@code timeout}). */
    public Map<String, String> awaitField(String key, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new InterruptedIOException("no datagram with " + key + " on " + variable + " within " + timeout);
            }
            Map<String, String> fields = receive(Duration.ofNanos(left));
            if (fields.containsKey(key)) {
                return fields;
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        if (path != null) {
            Files.deleteIfExists(path);
        }
    }
}
