package org.stunneljava.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A plaintext server on an ephemeral loopback port that plays a {@link LinePeer.Script} with its first connection
 * (the peer a protocol negotiation talks to: a mail server, a backend) and keeps that connection's transcript.
 */
public final class ScriptedServer implements AutoCloseable {
    private final ServerSocket server;
    private final CompletableFuture<List<String>> transcript = new CompletableFuture<>();
    private volatile boolean connected;

    private ScriptedServer(LinePeer.Script script) throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("scripted-server").start(() -> {
            try (Socket s = server.accept(); LinePeer peer = LinePeer.over(s)) {
                connected = true;
                transcript.complete(peer.play(script));
            } catch (IOException | RuntimeException e) {
                transcript.completeExceptionally(e);
            }
        });
    }

    public static ScriptedServer start(LinePeer.Script script) throws IOException {
        return new ScriptedServer(script);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Whether a connection came in. */
    public boolean connected() {
        return connected;
    }

    /** What the server received, once its script ended; {@code [<no connection>]} if none came in time. */
    public List<String> transcript(Duration timeout) throws Exception {
        try {
            return transcript.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return List.of("<no connection or script still running>");
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
