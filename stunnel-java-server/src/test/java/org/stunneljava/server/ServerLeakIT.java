package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Payload;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * The server program (the built jar) after peers that misbehave: garbage instead of a ClientHello, a handshake that
 * never comes (TIMEOUTbusy = 1), a reset in the middle of the data, a connect-and-close. Once every connection has
 * written its close line, the process's descriptors ({@code /proc/PID/fd}) and threads ({@code /proc/PID/status})
 * must come back to where they were before, and a normal connection must still be served.
 */
class ServerLeakIT {
    private static final int PER_KIND = 25;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static TestPki pki;
    static Backends backend;
    static ManagedProcess server;
    static int port;
    static SSLContext tls;

    @BeforeAll
    static void start() throws Exception {
        Capabilities.require(Files.isDirectory(Path.of("/proc/self/fd")), "/proc (Linux)");
        pki = TestPki.create(dir.resolve("pki"));
        tls = JdkTls.client(pki, null);
        backend = Backends.echo();
        server = Programs.stunnelJava(Programs.Mode.SERVER, Confs.write(dir, "leak.conf", """
                [leak]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                TIMEOUTbusy = 1
                """.formatted(backend.port(), pki.serverPem())));
        server.await("Accepting new connections", Programs.START);
        port = server.awaitPort("leak", Programs.START);
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void misbehavingPeersLeaveNoDescriptorsOrThreadsBehind() throws Exception {
        // A first round of everything loads the classes and starts the threads a running server keeps
        // (the watchdog, virtual-thread carriers, pollers), so that the baseline is a warm server's.
        int connections = misbehave(3);
        connections += normalExchange();
        awaitCloseLines(connections);
        long fds = Poll.untilStable(ServerLeakIT::fdCount, Duration.ofSeconds(1), WAIT, "descriptors");
        long threads = Poll.untilStable(ServerLeakIT::threadCount, Duration.ofSeconds(1), WAIT, "threads");

        connections += misbehave(PER_KIND);
        awaitCloseLines(connections);
        Poll.until(() -> fdCount() <= fds && threadCount() <= threads, WAIT,
                () -> "descriptors " + fdCount() + " (before: " + fds + "), threads " + threadCount()
                        + " (before: " + threads + "); open descriptors: " + fdTargets());

        connections += normalExchange();
        awaitCloseLines(connections);
    }

    /** {@code count} peers of each kind, all at once; returns how many connections that made. */
    private static int misbehave(int count) throws Exception {
        try (ExecutorService peers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int seed = i;
                done.add(peers.submit(() -> garbage(seed)));
                done.add(peers.submit(ServerLeakIT::stall));
                done.add(peers.submit(() -> resetMidStream(seed)));
                done.add(peers.submit(ServerLeakIT::vanish));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        return 4 * count;
    }

    /** Random bytes where a ClientHello belongs, then EOF: the handshake fails. */
    private static Void garbage(int seed) throws IOException {
        try (Socket s = raw()) {
            byte[] junk = new byte[1024];
            new Random(seed).nextBytes(junk);
            junk[0] = 0x42; // never a valid record type, so the server cannot wait for a record body
            s.getOutputStream().write(junk);
            s.shutdownOutput();
            Ports.readUntilEnd(s.getInputStream());
        }
        return null;
    }

    /** Connects and says nothing: TIMEOUTbusy (1 s) resets it. */
    private static Void stall() throws IOException {
        try (Socket s = raw()) {
            String end = Ports.readUntilEnd(s.getInputStream());
            assertTrue(end.equals("reset") || end.equals("eof"), end);
        }
        return null;
    }

    /** A complete handshake and some data both ways, then a TCP reset (SO_LINGER 0) without close_notify. */
    private static Void resetMidStream(int seed) throws IOException {
        Socket tcp = raw();
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(tcp, "127.0.0.1", port, true);
        s.startHandshake();
        byte[] data = Payload.bytes(seed, 10_000);
        s.getOutputStream().write(data);
        assertArrayEquals(data, s.getInputStream().readNBytes(data.length));
        tcp.setSoLinger(true, 0);
        tcp.close(); // the TCP socket under the TLS one: no close_notify, just RST
        return null;
    }

    /** Connects and closes at once. */
    private static Void vanish() throws IOException {
        raw().close();
        return null;
    }

    private static int normalExchange() throws IOException {
        try (SSLSocket s = JdkTls.connect(tls, port)) {
            s.getOutputStream().write("still serving\n".getBytes());
            assertArrayEquals("still serving\n".getBytes(), s.getInputStream().readNBytes(14));
        }
        return 1;
    }

    private static Socket raw() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        return s;
    }

    private static void awaitCloseLines(int count) throws InterruptedException {
        Poll.until(() -> server.lines().stream().filter(l -> l.matches(".*LOG5\\[\\d+\\]: Connection (closed|reset).*"))
                .count() >= count, WAIT, () -> count + " close lines; output:\n" + server.output());
    }

    private static long fdCount() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(server.pid()), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String fdTargets() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(server.pid()), "fd"))) {
            return fds.map(p -> {
                try {
                    return Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    return "?";
                }
            }).sorted().toList().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static long threadCount() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status")).stream()
                    .filter(l -> l.startsWith("Threads:")).mapToLong(l -> Long.parseLong(l.substring(8).trim()))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
