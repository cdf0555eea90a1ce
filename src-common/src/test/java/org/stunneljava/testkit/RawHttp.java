package org.stunneljava.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.x client that sends exactly the bytes a test gives it (a well-formed request or garbage) over TCP or a
 * unix socket, and reads the whole answer until the server closes, within a deadline.
 */
public final class RawHttp {
    /** How the exchange ended: the answer parsed, or how the connection ended without one. */
    public record Answer(int status, Map<String, String> headers, String body, boolean closed) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    public static Answer get(SocketAddress server, String path) throws IOException {
        return send(server, ("GET " + path + " HTTP/1.1\r\nHost: test\r\nUser-Agent: RawHttp\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(30));
    }

    /** A GET of /metrics whose failures count as "no answer" (status 0), for polling. */
    public static Answer sendQuietly(SocketAddress server) {
        try {
            return get(server, "/metrics");
        } catch (IOException e) {
            return new Answer(0, Map.of(), "", true);
        }
    }

    /**
     * Sends {@code request} and reads until the server closes. {@code status} is 0 when the server closed without
     * answering; {@code closed} is false when the deadline ran out first.
     */
    public static Answer send(SocketAddress server, byte[] request, Duration deadline) throws IOException {
        try (SocketChannel channel = SocketChannel.open(server instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX : ((InetSocketAddress) server).getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET)) {
            channel.connect(server);
            boolean[] timedOut = {false};
            CompletableFuture<Void> timer = CompletableFuture.runAsync(() -> {
                timedOut[0] = true;
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the read below ends either way
                }
            }, CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS));
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            try {
                channel.write(ByteBuffer.wrap(request));
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                while (channel.read(buffer) >= 0) {
                    in.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
            } catch (IOException e) {
                if (timedOut[0]) {
                    return new Answer(0, Map.of(), in.toString(StandardCharsets.UTF_8), false);
                }
                // a reset after the answer still leaves what was read
            } finally {
                timer.cancel(false);
            }
            return parse(in.toString(StandardCharsets.UTF_8));
        }
    }

    private static Answer parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Answer(0, Map.of(), raw, true);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        if (!lines[0].matches("HTTP/1\\.1 \\d{3} .*")) {
            throw new AssertionError("not an HTTP/1.1 status line: " + lines[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        String body = raw.substring(end + 4);
        String length = headers.get("content-length");
        if (length != null && !body.isEmpty() && body.getBytes(StandardCharsets.UTF_8).length != Integer.parseInt(length)) {
            throw new AssertionError("Content-Length " + length + " but " + body.length() + " bytes: " + raw);
        }
        return new Answer(Integer.parseInt(lines[0].substring(9, 12)), headers, body, true);
    }
}
