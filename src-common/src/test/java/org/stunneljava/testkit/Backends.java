package org.stunneljava.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Plaintext backends on an ephemeral loopback port, each serving every connection on its own virtual thread until
 * closed. What each connection received is queued for the test to inspect.
 */
public final class Backends implements AutoCloseable {
    private final ServerSocket server;
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

    private Backends(Consumer<Socket> behaviour) throws IOException {
        this(new ServerSocket(0, 1024, InetAddress.getLoopbackAddress()), behaviour);
    }

    private Backends(ServerSocket server, Consumer<Socket> behaviour) {
        this.server = server;
        Thread.ofVirtual().name("backend").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            behaviour.accept(s);
                        } catch (IOException ignored) {
                            // the peer went away; the test asserts on what it observes
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** Echoes everything; at the client's EOF it finishes writing and half-closes. */
    public static Backends echo() throws IOException {
        Backends[] self = new Backends[1];
        self[0] = new Backends(s -> {
            try {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                byte[] buf = new byte[16384];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    all.write(buf, 0, n);
                }
                s.shutdownOutput();
                self[0].received.add(all.toByteArray());
            } catch (IOException ignored) {
                // peer reset: nothing to record
            }
        });
        return self[0];
    }

    /** Writes {@code tag} then closes, without reading (stunnel's test "TAG" backends). */
    public static Backends tag(String tag) throws IOException {
        return new Backends(s -> {
            try {
                s.getOutputStream().write(tag.getBytes());
                s.shutdownOutput();
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the tunnel may reset once it has the tag
            }
        });
    }

    /** Reads the whole request until EOF, then answers with {@code answer} and closes: needs half-close. */
    public static Backends answerAfterEof(byte[] answer) throws IOException {
        Backends[] self = new Backends[1];
        self[0] = new Backends(s -> {
            try {
                byte[] request = s.getInputStream().readAllBytes();
                self[0].received.add(request);
                s.getOutputStream().write(answer);
                s.shutdownOutput();
            } catch (IOException ignored) {
                // recorded nothing: the test sees the missing request
            }
        });
        return self[0];
    }

    /**
     * Writes {@code total} bytes of the seeded {@link Payload} (progress counted in {@code written}), half-closes,
     * completes {@code done}, then drains what the client sends: the backend of the slow-reader tests.
     */
    public static Backends source(int seed, long total, AtomicLong written, CompletableFuture<Void> done)
            throws IOException {
        return new Backends(s -> {
            try {
                Payload.write(s.getOutputStream(), seed, total, written);
                s.shutdownOutput();
                done.complete(null);
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
        });
    }

    /** A backend with custom behaviour per connection. */
    public static Backends custom(Consumer<Socket> behaviour) throws IOException {
        return new Backends(behaviour);
    }

    /** As {@link #custom(Consumer)}, on a listening socket the test made (another address, IPv6). */
    public static Backends custom(ServerSocket server, Consumer<Socket> behaviour) {
        return new Backends(server, behaviour);
    }

    /**
     * A TLS server (the JDK's stack, so independent of ours) on an ephemeral loopback port: the peer of our client
     * mode. Each accepted socket is handed to {@code behaviour} before the handshake; the first read or write
     * runs it.
     */
    public static Backends tls(SSLContext context, Consumer<Socket> behaviour) throws IOException {
        return new Backends(context.getServerSocketFactory().createServerSocket(0, 1024,
                InetAddress.getLoopbackAddress()), behaviour);
    }

    /** A TLS echo server: echoes until the client's EOF (or close_notify), then closes. */
    public static Backends tlsEcho(SSLContext context) throws IOException {
        return tls(context, s -> {
            try {
                s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException ignored) {
                // the client went away
            }
        });
    }

    /** A one-shot HTTP server per connection: reads the request head, answers 200 with {@code body}, closes. */
    public static Backends httpOk(String body) throws IOException {
        return new Backends(s -> answerHttp(s, body));
    }

    /** The same over TLS: an HTTPS server (the JDK's stack). */
    public static Backends httpsOk(SSLContext context, String body) throws IOException {
        return tls(context, s -> answerHttp(s, body));
    }

    private static void answerHttp(Socket s, String body) {
        try {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(java.nio.charset.StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
            }
            byte[] content = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            s.getOutputStream().write(("HTTP/1.0 200 OK\r\nContent-Length: " + content.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().write(content);
        } catch (IOException ignored) {
            // the client went away
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public BlockingQueue<byte[]> received() {
        return received;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
