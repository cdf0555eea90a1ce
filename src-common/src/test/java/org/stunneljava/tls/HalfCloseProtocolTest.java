package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.net.ChannelStreams;
import org.stunneljava.testkit.RecordingLog;

/**
 * The first risk DESIGN.md names: Bouncy Castle's blocking protocol under two virtual threads per connection, full
 * duplex, and half-close in both directions. Our client and server protocol classes talk over loopback.
 */
class HalfCloseProtocolTest {
    private static final HybridTlsCrypto CRYPTO = new HybridTlsCrypto(new SecureRandom());
    private static LocalCredentials credentials;
    private static java.util.concurrent.ExecutorService threads;

    @BeforeAll
    static void setUp() throws Exception {
        credentials = QuickCredentials.create(CRYPTO);
        threads = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterAll
    static void tearDown() {
        threads.shutdownNow();
    }

    record Pair(RelayClientProtocol client, RelayServerProtocol server, SocketChannel clientChannel,
                SocketChannel serverChannel) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            clientChannel.close();
            serverChannel.close();
        }
    }

    private static Pair connect(ProtocolVersion version) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            SocketChannel clientChannel = SocketChannel.open(listener.getLocalAddress());
            SocketChannel serverChannel = listener.accept();
            ProtocolVersion[] versions = {version};
            var server = new RelayServerProtocol(ChannelStreams.in(serverChannel), ChannelStreams.out(serverChannel));
            var serverSettings = new ServerTlsSettings(credentials, versions, TlsDefaults.allSuites(),
                    TlsDefaults.GROUPS, ServerTlsSettings.ClientAuth.NONE, List.of(), PeerCertificateCheck.ACCEPT_ANY);
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try {
                    server.accept(new StunnelTlsServer(CRYPTO, serverSettings, new RecordingLog()));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            var client = new RelayClientProtocol(ChannelStreams.in(clientChannel), ChannelStreams.out(clientChannel));
            client.connect(new StunnelTlsClient(CRYPTO, new ClientTlsSettings(Optional.empty(), versions,
                    TlsDefaults.allSuites(), TlsDefaults.GROUPS, Optional.of("localhost"),
                    PeerCertificateCheck.ACCEPT_ANY), new RecordingLog()));
            accepted.get(10, TimeUnit.SECONDS);
            return new Pair(client, server, clientChannel, serverChannel);
        }
    }

    private static byte[] readAll(HalfCloseProtocol p) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        for (int n; (n = p.read(buf, 0, buf.length)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void bothDirectionsAtOnceThenEachSideHalfClosesAndStillReceives(String name) throws Exception {
        ProtocolVersion version = name.equals("TLSv1.3") ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12;
        try (Pair pair = connect(version)) {
            byte[] up = random(1 << 20, 1);
            byte[] down = random(1 << 20, 2);
            // Client writes 1 MiB then half-closes; the server writes 1 MiB at the same time, then half-closes.
            var clientWrites = CompletableFuture.runAsync(() -> writeThenShutdown(pair.client(), up), threads);
            var serverWrites = CompletableFuture.runAsync(() -> writeThenShutdown(pair.server(), down), threads);
            var serverReads = CompletableFuture.supplyAsync(() -> readAllUnchecked(pair.server()), threads);
            byte[] clientGot = readAll(pair.client());
            assertArrayEquals(up, serverReads.get(30, TimeUnit.SECONDS));
            assertArrayEquals(down, clientGot);
            clientWrites.get(30, TimeUnit.SECONDS);
            serverWrites.get(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void peerThatSentCloseNotifyStillGetsTheWholeAnswer(String name) throws Exception {
        ProtocolVersion version = name.equals("TLSv1.3") ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12;
        try (Pair pair = connect(version)) {
            byte[] request = "GET / please\n".getBytes();
            pair.client().write(request, 0, request.length);
            pair.client().shutdownOutput();
            assertArrayEquals(request, readAll(pair.server())); // the server sees EOF after the request ...
            byte[] answer = random(300_000, 3);
            pair.server().write(answer, 0, answer.length); // ... and can still answer
            pair.server().shutdownOutput();
            assertArrayEquals(answer, readAll(pair.client()));
            assertEquals(false, pair.client().isFailed());
            assertEquals(false, pair.server().isFailed());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void cleanTcpEofWithoutCloseNotifyEndsOnlyTheReadSide(String name) throws Exception {
        ProtocolVersion version = name.equals("TLSv1.3") ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12;
        try (Pair pair = connect(version)) {
            byte[] request = "hello".getBytes();
            pair.client().write(request, 0, request.length);
            pair.clientChannel().shutdownOutput(); // FIN with no close_notify (a truncating peer)
            assertArrayEquals(request, readAll(pair.server()));
            byte[] answer = "still here".getBytes();
            pair.server().write(answer, 0, answer.length);
            pair.server().shutdownOutput();
            assertArrayEquals(answer, readAll(pair.client()));
        }
    }

    /**
     * The relay takes records that arrived whole without waiting (readReady). A KeyUpdate among them carries no
     * data, so Bouncy Castle goes on to read the next record: readReady must give up there, not block, and the
     * connection must go on with the new keys.
     */
    @Test
    void readReadyTakesWholeRecordsAndStopsAfterAKeyUpdateWithoutWaiting() throws Exception {
        try (Pair pair = connect(ProtocolVersion.TLSv13)) {
            byte[] data = random(20_000, 4); // two records: 16,384 + 3,616 bytes
            pair.client().write(data, 0, data.length);
            pair.client().sendKeyUpdate();
            byte[] got = new byte[64 * 1024];
            int n = pair.server().read(got, 0, got.length);
            var more = CompletableFuture.supplyAsync(() -> {
                try {
                    int total = 0;
                    for (int m; (m = pair.server().readReady(got, n + total, got.length - n - total)) > 0; ) {
                        total += m;
                    }
                    return total;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            int total = n + more.get(10, TimeUnit.SECONDS);
            while (total < data.length) { // in case the second record had not arrived whole yet
                total += pair.server().read(got, total, data.length - total);
            }
            assertArrayEquals(data, Arrays.copyOf(got, total));
            byte[] after = "after the key update".getBytes();
            pair.client().write(after, 0, after.length);
            assertEquals(after.length, pair.server().read(got, 0, got.length));
            assertArrayEquals(after, Arrays.copyOf(got, after.length));
            pair.client().shutdownOutput();
            assertEquals(-1, pair.server().read(got, 0, got.length));
            assertEquals(false, pair.server().isFailed());
        }
    }

    /** A close_notify that arrived whole behind the data ends the stream through readReady too. */
    @Test
    void readReadyReportsACloseNotifyThatArrivedWhole() throws Exception {
        try (Pair pair = connect(ProtocolVersion.TLSv13)) {
            byte[] data = random(20_000, 5);
            pair.client().write(data, 0, data.length);
            pair.client().shutdownOutput();
            byte[] got = new byte[64 * 1024];
            int total = 0;
            while (total < data.length) { // readReady until it has nothing more, a blocking read in between
                total += pair.server().read(got, total, got.length - total);
                for (int m; (m = pair.server().readReady(got, total, got.length - total)) > 0; ) {
                    total += m;
                }
            }
            assertArrayEquals(data, Arrays.copyOf(got, total));
            assertEquals(-1, pair.server().read(got, 0, got.length));
            assertEquals(false, pair.server().isFailed());
        }
    }

    private static void writeThenShutdown(HalfCloseProtocol p, byte[] data) {
        try {
            for (int off = 0; off < data.length; off += 10_000) {
                p.write(data, off, Math.min(10_000, data.length - off));
            }
            p.shutdownOutput();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private static byte[] readAllUnchecked(HalfCloseProtocol p) {
        try {
            return readAll(p);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
