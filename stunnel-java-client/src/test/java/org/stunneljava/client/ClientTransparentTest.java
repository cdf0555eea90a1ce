package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * A transparent client refuses a connection no NAT rule redirected: it has no original destination to carry
 * (gateway mode, with {@code connect}) or to connect (stunnel's mode, without). It says so in one line and never
 * dials. (Redirected connections are driven through iptables in the network-namespace gateway tests.)
 */
class ClientTransparentTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @org.junit.jupiter.api.io.TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @ParameterizedTest(name = "with connect: {0}")
    @ValueSource(booleans = {true, false})
    void aConnectionThatWasNotRedirectedIsRefusedWithoutDialling(boolean gateway) throws Exception {
        AtomicInteger dialled = new AtomicInteger();
        try (Backends exit = Backends.custom(s -> dialled.incrementAndGet());
             InProcessService client = Tunnels.client(ServiceConfigs.load(dir, "gw", """
                     [gw]
                     client = yes
                     accept = 127.0.0.1:%d
                     %s
                     transparent = destination
                     cert = %s
                     """.formatted(Ports.closed(), gateway ? "connect = 127.0.0.1:" + exit.port() : "",
                     pki.clientPem())));
             Socket app = new Socket("127.0.0.1", client.port())) {
            app.setSoTimeout((int) WAIT.toMillis());
            assertEquals("reset", Ports.readUntilEnd(app.getInputStream())); // refused: reset, as an error ending
            String line = client.awaitLine("was not redirected", WAIT);
            assertTrue(line.matches("LOG3\\[[^]]*\\]: transparent: connection from 127\\.0\\.0\\.1:\\d+ was not "
                    + "redirected \\(no original destination\\): refused"), line);
            client.awaitClosed(1, WAIT);
            assertTrue(client.lines().stream().noneMatch(l -> l.contains("s_connect")), client.lines().toString());
            assertEquals(0, dialled.get());
        }
    }
}
