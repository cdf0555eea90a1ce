package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.launch.TlsSettingsFactory;
import org.stunneljava.net.Admission;
import org.stunneljava.net.ClientLimit;
import org.stunneljava.net.Dialer;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.tls.HybridTlsCrypto;
import org.stunneljava.tls.ServerTlsSettings;

/**
 * The connection limit under a burst: 30 connections at once against a limit of 5 (the process's, the service's,
 * or both, the line naming the one reached); exactly 5 stay up and work, the other 25 get a FIN at once and stunnel's line each, and once two of
 * the 5 have finished, two new ones are taken again.
 */
class ConnectionLimitTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BURST = 30;

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext anonymousClient;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        anonymousClient = JdkTls.client(pki, null);
    }

    private static InProcessService start(ServiceConfig service, Admission admission) throws Exception {
        HybridTlsCrypto crypto = new HybridTlsCrypto(new SecureRandom());
        ServerTlsSettings tls = TlsSettingsFactory.server(service, crypto, new RecordingLog());
        Dialer dialer = Dialer.forService(service);
        return InProcessService.start(logs -> new ServerConnectionHandler(service, crypto, tls, dialer, logs),
                admission);
    }

    @ParameterizedTest(name = "global {0}, service {1}")
    @CsvSource({"5, 0", "0, 5", "8, 5", "5, 8"})
    void aBurstKeepsExactlyTheLimitAndRecoversWhenConnectionsFinish(int global, int own) throws Exception {
        try (Backends backend = Backends.echo();
             InProcessService server = start(ServiceConfigs.load(dir, "burst", """
                     [burst]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     cert = %s
                     """.formatted(backend.port(), pki.serverPem())),
                     new Admission("burst", ClientLimit.of(global), ClientLimit.of(own)))) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            List<SocketChannel> burst = new ArrayList<>();
            try {
                for (int i = 0; i < BURST; i++) {
                    burst.add(SocketChannel.open(address));
                }
                awaitRejected(server, BURST - 5);
                List<SocketChannel> up = awaitStillOpen(burst, 5);
                // the 5 are real connections: each completes its handshake and echoes through the backend
                List<SSLSocket> tls = new ArrayList<>();
                for (SocketChannel c : up) {
                    tls.add(echo(c));
                }
                tls.get(0).close();
                tls.get(1).close();
                // stunnel's line once a connection is uncounted, right after its close line
                Poll.until(() -> server.lines().stream().filter(l -> l.matches(
                        "LOG7\\[test]: Service \\[burst] finished \\(\\d+ left\\)")).count() == 2, WAIT,
                        () -> "two finished lines: " + server.lines());
                List<SocketChannel> again = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    again.add(SocketChannel.open(address));
                }
                burst.addAll(again);
                awaitRejected(server, BURST - 5 + 1);
                List<SocketChannel> newUp = awaitStillOpen(again, 2);
                echo(newUp.get(0)).close();
                echo(newUp.get(1)).close();
                assertEquals("hi", roundTrip(tls.get(2)), "the connections that stayed up were not disturbed");
                for (SSLSocket s : tls.subList(2, 5)) {
                    s.close();
                }
            } finally {
                for (SocketChannel c : burst) {
                    c.close();
                }
            }
        }
    }

    private static void awaitRejected(InProcessService server, int count) throws InterruptedException {
        int limit = 5;
        String line = "LOG4[test]: Connection rejected: too many clients (>=" + limit + ")";
        Poll.until(() -> server.acceptorLines().stream().filter(line::equals).count() >= count, WAIT,
                () -> count + " rejections; acceptor lines: " + server.acceptorLines());
        assertEquals(count, server.acceptorLines().stream().filter(line::equals).count());
    }

    /**
     * Waits until all but {@code open} of the channels have seen the end of the stream (the refused ones get a
     * FIN right after their line), then returns those still open.
     */
    private static List<SocketChannel> awaitStillOpen(List<SocketChannel> channels, int open) throws Exception {
        List<SocketChannel> ended = new ArrayList<>();
        Poll.until(() -> {
            for (SocketChannel c : channels) {
                if (!ended.contains(c) && atEnd(c)) {
                    ended.add(c);
                }
            }
            return ended.size() >= channels.size() - open;
        }, WAIT, () -> (channels.size() - open) + " refused connections to end; ended " + ended.size());
        List<SocketChannel> up = channels.stream().filter(c -> !ended.contains(c)).toList();
        assertEquals(open, up.size());
        return up;
    }

    private static boolean atEnd(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            int n = channel.read(ByteBuffer.allocate(1));
            channel.configureBlocking(true);
            return n < 0;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static SSLSocket echo(SocketChannel channel) throws IOException {
        SSLSocket s = (SSLSocket) anonymousClient.getSocketFactory().createSocket(channel.socket(), "localhost",
                channel.socket().getPort(), true);
        s.setSoTimeout(30_000);
        assertEquals("hi", roundTrip(s));
        return s;
    }

    private static String roundTrip(SSLSocket s) throws IOException {
        s.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return new String(s.getInputStream().readNBytes(2), StandardCharsets.US_ASCII);
    }
}
