package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.Payload;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * Server mode in-process over loopback: the JDK's TLS client in front of {@link ServerConnectionHandler} behind the
 * real {@link org.stunneljava.net.Acceptor}, with plaintext backends behind it. Data is checked by digest, time
 * limits by the clock, and every connection by its stunnel log lines.
 */
class ServerModeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MIB = 1 << 20;

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext anonymousClient;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        anonymousClient = JdkTls.client(pki, null);
    }

    private static ServiceConfig service(String name, String options) throws Exception {
        return ServiceConfigs.load(dir, name, """
                [%s]
                accept = 127.0.0.1:0
                cert = %s
                %s
                """.formatted(name, pki.serverPem(), options));
    }

    private static ServiceConfig serviceTo(String name, int backendPort, String options) throws Exception {
        return service(name, "connect = 127.0.0.1:" + backendPort + "\n" + options);
    }

    @Test
    void carriesOneMebibyteEachWayAtTheSameTime() throws Exception {
        BlockingQueue<String> backendGot = new LinkedBlockingQueue<>();
        try (Backends backend = Backends.custom(s -> bothWays(s, 2, backendGot));
             InProcessService server = InProcessServer.start(serviceTo("bulk", backend.port(), ""));
             SSLSocket client = JdkTls.connect(anonymousClient, server.port())) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> write(client, 1));
            assertEquals(Payload.digestOf(2, MIB), Payload.read(client.getInputStream(), MIB));
            sending.get(30, TimeUnit.SECONDS);
            assertEquals(Payload.digestOf(1, MIB), backendGot.poll(30, TimeUnit.SECONDS));
            client.close();
            server.awaitLine("Connection closed: " + MIB + " byte(s) sent to TLS, " + MIB + " byte(s) sent to socket",
                    WAIT);
        }
    }

    @Test
    void relaysABackendThatSpeaksBeforeItReads() throws Exception {
        try (Backends backend = Backends.custom(s -> {
                 try {
                     s.getOutputStream().write("220 ready\n".getBytes(StandardCharsets.US_ASCII));
                     s.getInputStream().transferTo(s.getOutputStream());
                 } catch (IOException ignored) {
                     // client gone
                 }
             });
             InProcessService server = InProcessServer.start(serviceTo("greeter", backend.port(), ""));
             SSLSocket client = JdkTls.connect(anonymousClient, server.port())) {
            assertEquals("220 ready\n", new String(client.getInputStream().readNBytes(10), StandardCharsets.US_ASCII));
            client.getOutputStream().write("EHLO x\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("EHLO x\n", new String(client.getInputStream().readNBytes(7), StandardCharsets.US_ASCII));
        }
    }

    /**
     * The client reads nothing until the backend's writes have stalled (the tunnel passed the backpressure on
     * instead of buffering without limit), then reads one chunk each time the backend has moved on: every byte
     * arrives, in order, and nothing deadlocks.
     */
    @Test
    void slowReaderGetsEveryByteWhileTheBackendIsHeldBack() throws Exception {
        long total = 64L * MIB;
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> backendDone = new CompletableFuture<>();
        try (Backends backend = Backends.source(3, total, written, backendDone);
             InProcessService server = InProcessServer.start(serviceTo("slow", backend.port(), ""));
             SSLSocket client = JdkTls.connect(anonymousClient, server.port())) {
            Poll.until(() -> written.get() > 0, WAIT, "the backend to start writing");
            long stalledAt = Poll.untilStable(written::get, Duration.ofMillis(500), WAIT, "backend bytes written");
            assertTrue(stalledAt > 0 && stalledAt < total,
                    "the backend should be held back by the unread data, but wrote " + stalledAt + " bytes");
            SlowReader reader = new SlowReader(client.getInputStream(), written, backendDone);
            assertEquals(Payload.digestOf(3, total), reader.readAll(total));
            assertEquals(-1, client.getInputStream().read(), "close_notify after the backend's EOF");
        }
    }

    @Test
    void deadBackendClosesTheConnectionAfterTheHandshake() throws Exception {
        try (InProcessService server = InProcessServer.start(serviceTo("dead", Ports.closed(), ""));
             SSLSocket client = JdkTls.connect(anonymousClient, server.port())) {
            assertTrue(client.getSession().isValid(), "the handshake completed before the backend was tried");
            String end = Ports.readUntilEnd(client.getInputStream());
            assertTrue(end.equals("eof") || end.equals("reset"), end);
            server.awaitLine("Connection refused (111)", WAIT);
            server.awaitLine("No more addresses to connect", WAIT);
            server.awaitLine("Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket", WAIT);
        }
    }

    @Test
    void idleConnectionIsClosedAfterTimeoutIdle() throws Exception {
        try (Backends backend = Backends.echo();
             InProcessService server = InProcessServer.start(serviceTo("idle", backend.port(), "TIMEOUTidle = 2"));
             SSLSocket client = JdkTls.connect(anonymousClient, server.port())) {
            // The tunnel's last activity is relaying the echo of this byte, which cannot happen before `start`.
            long start = System.nanoTime();
            client.getOutputStream().write('x');
            assertEquals('x', client.getInputStream().read());
            String end = Ports.readUntilEnd(client.getInputStream());
            Duration after = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(end.equals("eof") || end.equals("reset"), end);
            assertTrue(after.compareTo(Duration.ofSeconds(2)) >= 0, "closed too early: " + after);
            assertTrue(after.compareTo(Duration.ofSeconds(5)) < 0, "closed too late: " + after);
            server.awaitLine("TIMEOUTidle exceeded", WAIT);
            server.awaitLine("Connection reset: 1 byte(s) sent to TLS, 1 byte(s) sent to socket", WAIT);
        }
    }

    @Test
    void stalledHandshakeIsResetAfterTimeoutBusyWithoutTouchingTheBackend() throws Exception {
        AtomicInteger backendConnections = new AtomicInteger();
        try (Backends backend = Backends.custom(s -> backendConnections.incrementAndGet());
             InProcessService server = InProcessServer.start(serviceTo("busy", backend.port(), "TIMEOUTbusy = 1"))) {
            long start = System.nanoTime(); // before the connection exists, so before the tunnel's clock starts
            Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.port());
            raw.setSoTimeout(30_000);
            // A TLS record header announcing a 512-byte handshake message, and then nothing.
            raw.getOutputStream().write(new byte[]{0x16, 0x03, 0x01, 0x02, 0x00});
            String end = Ports.readUntilEnd(raw.getInputStream());
            Duration after = Duration.ofNanos(System.nanoTime() - start);
            assertEquals("reset", end);
            assertTrue(after.compareTo(Duration.ofSeconds(1)) >= 0, "reset too early: " + after);
            assertTrue(after.compareTo(Duration.ofSeconds(4)) < 0, "reset too late: " + after);
            raw.close();
            server.awaitLine("TIMEOUTbusy exceeded", WAIT);
            server.awaitClosed(1, WAIT);
            assertEquals(0, backendConnections.get());
        }
    }

    @Test
    void prioFailoverFallsThroughADeadFirstAddress() throws Exception {
        try (Backends second = Backends.tag("backend2\n");
             Backends third = Backends.tag("backend3\n");
             InProcessService server = InProcessServer.start(service("prio", """
                     connect = 127.0.0.1:%d
                     connect = 127.0.0.1:%d
                     connect = 127.0.0.1:%d
                     """.formatted(Ports.closed(), second.port(), third.port())))) {
            for (int i = 0; i < 3; i++) {
                assertEquals("backend2\n", tagVia(server.port()));
            }
            server.awaitLine("Connection refused (111)", WAIT);
        }
    }

    @Test
    void roundRobinFailoverRotatesAcrossThreeBackends() throws Exception {
        List<Backends> backends = new ArrayList<>();
        try {
            StringBuilder connects = new StringBuilder("failover = rr\n");
            for (int i = 0; i < 3; i++) {
                backends.add(Backends.tag("backend" + i + "\n"));
                connects.append("connect = 127.0.0.1:").append(backends.get(i).port()).append('\n');
            }
            try (InProcessService server = InProcessServer.start(service("rr", connects.toString()))) {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String tag = tagVia(server.port());
                    order.add(tag.charAt("backend".length()) - '0');
                }
                for (int i = 1; i < order.size(); i++) {
                    assertEquals((order.get(i - 1) + 1) % 3, order.get(i), "consecutive connections: " + order);
                }
                server.awaitLine("failover: round-robin, starting at entry #", WAIT);
            }
        } finally {
            for (Backends b : backends) {
                b.close();
            }
        }
    }

    @Test
    void verifyChainAcceptsAClientCertificateFromTheTrustedCa() throws Exception {
        try (Backends backend = Backends.echo();
             InProcessService server = InProcessServer.start(serviceTo("verify-good", backend.port(),
                     "verifyChain = yes\nCAfile = " + pki.caPem()));
             SSLSocket client = JdkTls.connect(JdkTls.client(pki, pki.client()), server.port())) {
            client.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello\n", new String(client.getInputStream().readNBytes(6), StandardCharsets.US_ASCII));
            server.awaitLine("Certificate accepted at depth=0: CN=client", WAIT);
        }
    }

    @Test
    void verifyChainRejectsAClientCertificateFromAnUnknownCaWithTheAlert() throws Exception {
        AtomicInteger backendConnections = new AtomicInteger();
        try (Backends backend = Backends.custom(s -> backendConnections.incrementAndGet());
             InProcessService server = InProcessServer.start(serviceTo("verify-bad", backend.port(),
                     "verifyChain = yes\nCAfile = " + pki.caPem()))) {
            IOException refused = assertThrows(IOException.class, () -> {
                try (SSLSocket client = JdkTls.connectWholeFlights(JdkTls.client(pki, pki.unknown()),
                        server.port())) {
                    client.getInputStream().read(); // TLS 1.3: the client learns of the rejection on its first read
                }
            });
            assertTrue(String.valueOf(refused.getMessage()).contains("unknown_ca"), refused.toString());
            server.awaitLine("Rejected by CERT at depth=0: CN=Unknown Self-Signed", WAIT);
            server.awaitClosed(1, WAIT);

            assertEquals(0, backendConnections.get());
        }
    }

    private static String tagVia(int port) throws IOException {
        try (SSLSocket client = JdkTls.connect(anonymousClient, port)) {
            return new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** Backend half of the simultaneous transfer: writes 1 MiB from {@code seed} while reading 1 MiB. */
    private static void bothWays(Socket s, long seed, BlockingQueue<String> got) {
        try {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> write(s, seed));
            got.add(Payload.read(s.getInputStream(), MIB));
            sending.join();
        } catch (IOException e) {
            got.add("backend failed: " + e);
        }
    }

    private static void write(Socket s, long seed) {
        try {
            Payload.write(s.getOutputStream(), seed, MIB, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A reader slower than its writer: it reads only while the writer is stalled, and stops as soon as the writer
     * moves on, until the writer stalls again; after a few such rounds it reads the rest. Returns the digest.
     */
    static final class SlowReader {
        private static final int ROUNDS = 3;
        private final InputStream in;
        private final AtomicLong written;
        private final CompletableFuture<Void> writerDone;

        SlowReader(InputStream in, AtomicLong written, CompletableFuture<Void> writerDone) {
            this.in = in;
            this.written = written;
            this.writerDone = writerDone;
        }

        String readAll(long total) throws Exception {
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
                if (rounds < ROUNDS && written.get() > stalledAt && !writerDone.isDone()) {
                    rounds++; // the writer resumed: stop reading until it is held back again
                    stalledAt = Poll.untilStable(written::get, Duration.ofMillis(300), WAIT, "bytes written");
                }
            }
            return java.util.HexFormat.of().formatHex(d.digest());
        }
    }
}
