package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.Payload;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.TestPki;

/**
 * Our client in front of our server, in-process: plain -> client mode -> TLS (verified both ways) -> server mode ->
 * plain backend. One backend per test behaviour; the pair of tunnels is built per test on top of it.
 */
class PairTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MIB = 1 << 20;

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    /** The two tunnels in front of a backend; closing closes both listeners. */
    record Pair(InProcessService client, InProcessService server) implements AutoCloseable {
        int port() {
            return client.port();
        }

        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    private static Pair pair(String name, int backendPort) throws Exception {
        InProcessService server = Tunnels.server(Tunnels.verifyingServer(dir, pki, name, backendPort, ""));
        InProcessService client = Tunnels.client(Tunnels.verifyingClient(dir, pki, name, server.port(), ""));
        return new Pair(client, server);
    }

    private static Socket plain(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        return s;
    }

    @Test
    void carriesOneMebibyteEachWayAtTheSameTime() throws Exception {
        BlockingQueue<String> backendGot = new LinkedBlockingQueue<>();
        try (Backends backend = Backends.custom(s -> {
                 try {
                     CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> write(s, 7, MIB));
                     backendGot.add(Payload.read(s.getInputStream(), MIB));
                     sending.join();
                 } catch (IOException e) {
                     backendGot.add("backend failed: " + e);
                 }
             });
             Pair tunnels = pair("bulk", backend.port());
             Socket s = plain(tunnels.port())) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> write(s, 6, MIB));
            assertEquals(Payload.digestOf(7, MIB), Payload.read(s.getInputStream(), MIB));
            sending.get(30, TimeUnit.SECONDS);
            assertEquals(Payload.digestOf(6, MIB), backendGot.poll(30, TimeUnit.SECONDS));
            s.close();
            String both = MIB + " byte(s) sent to TLS, " + MIB + " byte(s) sent to socket";
            tunnels.client().awaitLine("Connection closed: " + both, WAIT);
            tunnels.server().awaitLine("Connection closed: " + both, WAIT);
            tunnels.server().awaitLine("Certificate accepted at depth=0: CN=client", WAIT);
            tunnels.client().awaitLine("Certificate accepted at depth=0: CN=localhost", WAIT);
        }
    }

    @Test
    void relaysABackendThatSpeaksBeforeItReads() throws Exception {
        try (Backends backend = Backends.custom(s -> {
                 try {
                     s.getOutputStream().write("SSH-2.0-test\r\n".getBytes(StandardCharsets.US_ASCII));
                     s.getInputStream().transferTo(s.getOutputStream());
                 } catch (IOException ignored) {
                     // client gone
                 }
             });
             Pair tunnels = pair("greeter", backend.port());
             Socket s = plain(tunnels.port())) {
            assertEquals("SSH-2.0-test\r\n", new String(s.getInputStream().readNBytes(14), StandardCharsets.US_ASCII));
            s.getOutputStream().write("SSH-2.0-client\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("SSH-2.0-client\r\n",
                    new String(s.getInputStream().readNBytes(16), StandardCharsets.US_ASCII));
        }
    }

    /** The plain client reads only while the backend is held back; see {@code ServerModeTest} for the method. */
    @Test
    void slowReaderGetsEveryByteWhileTheBackendIsHeldBack() throws Exception {
        long total = 64L * MIB;
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> backendDone = new CompletableFuture<>();
        try (Backends backend = Backends.source(8, total, written, backendDone);
             Pair tunnels = pair("slow", backend.port());
             Socket s = plain(tunnels.port())) {
            Poll.until(() -> written.get() > 0, WAIT, "the backend to start writing");
            long stalledAt = Poll.untilStable(written::get, Duration.ofMillis(500), WAIT, "backend bytes written");
            assertTrue(stalledAt < total, "the backend should be held back by the unread data, but wrote everything");
            assertEquals(Payload.digestOf(8, total), slowlyRead(s.getInputStream(), total, written, backendDone));
            assertEquals(-1, s.getInputStream().read(), "EOF after the backend's EOF");
        }
    }

    @Test
    void twoHundredConnectionsOpenedAtTheSameMomentAreEachByteExact() throws Exception {
        int count = 200;
        CyclicBarrier start = new CyclicBarrier(count);
        try (Backends backend = Backends.echo();
             Pair tunnels = pair("crowd", backend.port());
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int id = i;
                results.add(clients.submit(() -> {
                    byte[] request = Payload.bytes(1000 + id, 16 * 1024 + id);
                    start.await(30, TimeUnit.SECONDS);
                    try (Socket s = plain(tunnels.port())) {
                        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                            try {
                                s.getOutputStream().write(request);
                                s.shutdownOutput();
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                        byte[] answer = s.getInputStream().readAllBytes();
                        sending.get(30, TimeUnit.SECONDS);
                        return Payload.sha256(answer).equals(Payload.sha256(request)) ? "ok"
                                : "connection " + id + ": " + answer.length + " bytes back of " + request.length;
                    }
                }));
            }
            for (Future<String> r : results) {
                assertEquals("ok", r.get(60, TimeUnit.SECONDS));
            }
            tunnels.client().awaitClosed(count, WAIT);
            tunnels.server().awaitClosed(count, WAIT);
            assertTrue(tunnels.server().closeLines().stream().allMatch(l -> l.contains("Connection closed: ")),
                    "every connection ended cleanly: " + tunnels.server().closeLines());
        }
    }

    private static void write(Socket s, long seed, long length) {
        try {
            Payload.write(s.getOutputStream(), seed, length, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads only while the writer is held back, for a few rounds, then the rest; returns the digest. */
    private static String slowlyRead(InputStream in, long total, AtomicLong written, CompletableFuture<Void> done)
            throws Exception {
        java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[64 * 1024];
        long stalledAt = written.get();
        int rounds = 0;
        for (long left = total; left > 0; ) {
            int want = (int) Math.min(chunk.length, left);
            int got = in.readNBytes(chunk, 0, want);
            assertEquals(want, got, "end of stream with " + left + " bytes still expected");
            d.update(chunk, 0, got);
            left -= got;
            if (rounds < 3 && written.get() > stalledAt && !done.isDone()) {
                rounds++;
                stalledAt = Poll.untilStable(written::get, Duration.ofMillis(300), WAIT, "bytes written");
            }
        }
        return java.util.HexFormat.of().formatHex(d.digest());
    }
}
