package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.relay.CloseReason;
import org.stunneljava.relay.HandshakeFailure;
import org.stunneljava.status.Metrics;
import org.stunneljava.status.ServiceSample;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.TestPki;

/**
 * Client mode feeds the metrics at the same points as server mode: a completed handshake, a server certificate it
 * refuses (verify_failed), a server it cannot reach (a backend connect failure), and the bytes both ways.
 */
class ClientMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private static ServiceSample sample(Metrics metrics, String service) {
        return metrics.sample(List.of(service)).stream().filter(s -> s.service().equals(service)).findFirst()
                .orElseThrow();
    }

    @Test
    void handshakesBytesRefusedServersAndUnreachableServers() throws Exception {
        Metrics metrics = new Metrics();
        try (Backends good = Backends.tlsEcho(JdkTls.server(pki, pki.server()));
             Backends wrongName = Backends.tlsEcho(JdkTls.server(pki, pki.wrongHost()));
             InProcessService toGood = Tunnels.client(Tunnels.verifyingClient(dir, pki, "good", good.port(), ""),
                     metrics);
             InProcessService toWrong = Tunnels.client(Tunnels.verifyingClient(dir, pki, "wrong",
                     wrongName.port(), ""), metrics);
             InProcessService toNobody = Tunnels.client(Tunnels.verifyingClient(dir, pki, "nobody",
                     Ports.closed(), ""), metrics)) {
            byte[] request = "hello through the client\n".getBytes();
            assertArrayEquals(request, PlainClient.exchange(toGood.port(), request));
            PlainClient.exchangeOrReset(toWrong.port(), request);
            PlainClient.exchangeOrReset(toNobody.port(), request);
            for (InProcessService s : List.of(toGood, toWrong, toNobody)) {
                s.awaitClosed(1, WAIT);
            }
            Poll.until(() -> sample(metrics, "good-client").open() + sample(metrics, "wrong-client").open()
                    + sample(metrics, "nobody-client").open() == 0, WAIT, "every connection closed");

            ServiceSample ok = sample(metrics, "good-client");
            assertEquals(1, ok.handshakes());
            assertEquals(request.length, ok.toTls());
            assertEquals(request.length, ok.toSocket());
            assertEquals(1L, ok.closed().get(CloseReason.COMPLETED));

            ServiceSample refused = sample(metrics, "wrong-client");
            assertEquals(0, refused.handshakes());
            assertEquals(Map.of(HandshakeFailure.Reason.VERIFY_FAILED, 1L), nonZero(refused.handshakeFailed()));

            ServiceSample unreachable = sample(metrics, "nobody-client");
            assertEquals(1, unreachable.connectFailures());
            assertEquals(1L, unreachable.closed().get(CloseReason.CONNECT_FAILED));
            assertEquals(0, unreachable.handshakes());
        }
    }

    private static <K> Map<K, Long> nonZero(Map<K, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() != 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
