package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * {@code acceptProxy} in client mode: a load balancer's PROXY line before the plaintext is read to its end, the
 * client it names is logged, and only the data after it reaches the TLS server.
 */
class ClientAcceptProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @Test
    void theHeaderIsConsumedAndTheRealClientLogged() throws Exception {
        try (Backends remote = Backends.tlsEcho(JdkTls.server(pki, pki.server()));
             InProcessService client = Tunnels.client(ServiceConfigs.load(dir, "lb", """
                     [lb]
                     client = yes
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     acceptProxy = yes
                     """.formatted(remote.port())))) {
            byte[] request = "PROXY TCP6 2001:db8::7 2001:db8::1 40000 8080\r\nhello\n"
                    .getBytes(StandardCharsets.US_ASCII);
            assertEquals("hello\n", new String(PlainClient.exchange(client.port(), request),
                    StandardCharsets.US_ASCII), "the echo carries the data only");
            client.awaitLine("PROXY header: client 2001:db8::7:40000, to 2001:db8::1:8080", WAIT);
            client.awaitLine("Connection closed: 6 byte(s) sent to TLS, 6 byte(s) sent to socket", WAIT);
        }
    }
}
