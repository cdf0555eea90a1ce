package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.Payload;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * Client mode in-process over loopback: a plaintext socket in front of {@link ClientConnectionHandler}, the JDK's
 * TLS server behind it. Verification with {@code verifyChain} and {@code checkHost} both ways, bulk data both ways
 * at once, a server that speaks first, and a dead remote.
 */
class ClientModeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MIB = 1 << 20;

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private static ServiceConfig clientTo(String name, int remotePort) throws Exception {
        return ServiceConfigs.load(dir, name, """
                [%s]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                verifyChain = yes
                CAfile = %s
                checkHost = localhost
                """.formatted(name, remotePort, pki.caPem()));
    }

    private static SSLContext serverAs(TestPki.Identity identity) throws Exception {
        return JdkTls.server(pki, identity);
    }

    private static Socket plain(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        return s;
    }

    @Test
    void verifyChainWithCheckHostAcceptsTheRightServer() throws Exception {
        try (Backends remote = Backends.tlsEcho(serverAs(pki.server()));
             InProcessService client = Tunnels.client(clientTo("right-host", remote.port()))) {
            assertEquals("hello\n", new String(PlainClient.exchange(client.port(), "hello\n".getBytes()),
                    StandardCharsets.US_ASCII));
            client.awaitLine("Certificate accepted at depth=0: CN=localhost", WAIT);
            client.awaitLine("Connection closed: 6 byte(s) sent to TLS, 6 byte(s) sent to socket", WAIT);
        }
    }

    @Test
    void verifyChainWithCheckHostRejectsAWrongHost() throws Exception {
        try (Backends remote = Backends.tlsEcho(serverAs(pki.wrongHost()));
             InProcessService client = Tunnels.client(clientTo("wrong-host", remote.port()));
             Socket s = plain(client.port())) {
            s.getOutputStream().write("secret\n".getBytes());
            String end = Ports.readUntilEnd(s.getInputStream());
            assertTrue(end.equals("eof") || end.equals("reset"), end);
            client.awaitLine("CERT: Subject checks failed", WAIT);
            client.awaitLine("Rejected by CERT at depth=0: CN=wrong.example.com", WAIT);
            client.awaitLine("Connection closed/reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket", WAIT);
        }
    }

    @Test
    void carriesOneMebibyteEachWayAtTheSameTime() throws Exception {
        BlockingQueue<String> remoteGot = new LinkedBlockingQueue<>();
        try (Backends remote = Backends.tls(serverAs(pki.server()), s -> {
                 try {
                     CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> write(s, 5));
                     remoteGot.add(Payload.read(s.getInputStream(), MIB));
                     sending.join();
                 } catch (IOException e) {
                     remoteGot.add("remote failed: " + e);
                 }
             });
             InProcessService client = Tunnels.client(clientTo("bulk", remote.port()));
             Socket s = plain(client.port())) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> write(s, 4));
            assertEquals(Payload.digestOf(5, MIB), Payload.read(s.getInputStream(), MIB));
            sending.get(30, TimeUnit.SECONDS);
            assertEquals(Payload.digestOf(4, MIB), remoteGot.poll(30, TimeUnit.SECONDS));
            s.close();
            client.awaitLine("Connection closed: " + MIB + " byte(s) sent to TLS, " + MIB + " byte(s) sent to socket",
                    WAIT);
        }
    }

    @Test
    void relaysAServerThatSpeaksBeforeItReads() throws Exception {
        try (Backends remote = Backends.tls(serverAs(pki.server()), s -> {
                 try {
                     s.getOutputStream().write("* OK ready\n".getBytes(StandardCharsets.US_ASCII));
                     s.getInputStream().transferTo(s.getOutputStream());
                 } catch (IOException ignored) {
                     // client gone
                 }
             });
             InProcessService client = Tunnels.client(clientTo("greeter", remote.port()));
             Socket s = plain(client.port())) {
            assertEquals("* OK ready\n", new String(s.getInputStream().readNBytes(11), StandardCharsets.US_ASCII));
            s.getOutputStream().write("a1 LOGIN\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("a1 LOGIN\n", new String(s.getInputStream().readNBytes(9), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void deadRemoteClosesTheAcceptedConnection() throws Exception {
        try (InProcessService client = Tunnels.client(clientTo("dead", Ports.closed()));
             Socket s = plain(client.port())) {
            String end = Ports.readUntilEnd(s.getInputStream());
            assertTrue(end.equals("eof") || end.equals("reset"), end);
            client.awaitLine("Connection refused (111)", WAIT);
            client.awaitLine("No more addresses to connect", WAIT);
            client.awaitLine("Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket", WAIT);
        }
    }

    private static void write(Socket s, long seed) {
        try {
            Payload.write(s.getOutputStream(), seed, MIB, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
