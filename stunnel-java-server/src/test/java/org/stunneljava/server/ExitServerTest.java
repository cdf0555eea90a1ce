package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.origdst.DestinationExtension;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.CarryingTlsClient;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * The exit server's side of the transparent gateway over loopback: a client that authenticated with a certificate
 * names a destination in the ClientHello, and the server connects it only when an allow line permits it. Every
 * refusal closes the connection without touching any backend and logs one line naming the client, what it asked
 * for and why; a malformed payload fails the handshake with decode_error.
 */
class ExitServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int TYPE = DestinationExtension.DEFAULT_TYPE;

    @TempDir
    static Path dir;
    static TestPki pki;
    static String clientCert;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        clientCert = "cert = " + pki.clientPem() + "\nverifyChain = yes\nCAfile = " + pki.caPem();
    }

    /** An exit service on a fixed accept port (for loop protection); the test's listener is its own. */
    private static InProcessService exit(int acceptPort, String lines) throws Exception {
        return InProcessServer.start(ServiceConfigs.load(dir, "exit", """
                [exit]
                accept = 127.0.0.1:%d
                cert = %s
                verifyChain = yes
                CAfile = %s
                transparent = destination
                %s
                """.formatted(acceptPort, pki.serverPem(), pki.caPem(), lines)));
    }

    private static byte[] to(int port) throws IOException {
        return DestinationExtension.encode(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    }

    @Test
    void anAllowedDestinationIsConnectedAndCarriesTheBytes() throws Exception {
        try (Backends backend = Backends.echo();
             InProcessService exit = exit(Ports.closed(), "transparentAllow = 127.0.0.1:" + backend.port());
             CarryingTlsClient client = CarryingTlsClient.connect(dir, exit.port(), clientCert, TYPE,
                     to(backend.port()))) {
            client.out().write("through the exit\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("through the exit\n", new String(client.in().readNBytes(17), StandardCharsets.US_ASCII));
            exit.awaitLine("transparent: CN=client at 127.0.0.1:", WAIT);
            String allowed = exit.awaitLine("allowed by transparentAllow", WAIT);
            assertTrue(allowed.endsWith("asked for 127.0.0.1:" + backend.port() + ", allowed by transparentAllow = "
                    + "127.0.0.1:" + backend.port()), allowed);
            exit.awaitLine("s_connect: connected 127.0.0.1:" + backend.port(), WAIT);
        }
    }

    @Test
    void aDestinationNoAllowLineMatchesIsRefused() throws Exception {
        AtomicInteger touched = new AtomicInteger();
        try (Backends other = Backends.custom(s -> touched.incrementAndGet());
             Backends allowed = Backends.echo();
             InProcessService exit = exit(Ports.closed(), "transparentAllow = 127.0.0.1:" + allowed.port())) {
            String line = refused(exit, to(other.port()));
            assertTrue(line.matches("LOG4\\[[^]]*\\]: Service \\[exit\\] REFUSED destination: CN=client at "
                    + "127\\.0\\.0\\.1:\\d+ asked for 127\\.0\\.0\\.1:" + other.port()
                    + ": no transparentAllow line matches"), line);
            assertEquals(0, touched.get());
        }
    }

    @Test
    void loopbackNeedsALineThatNamesIt() throws Exception {
        try (Backends backend = Backends.echo();
             InProcessService exit = exit(Ports.closed(), "transparentAllow = 0.0.0.0/0:*")) {
            String line = refused(exit, to(backend.port()));
            assertTrue(line.endsWith("loopback needs a transparentAllow line inside 127.0.0.0/8 or ::1"), line);
        }
    }

    @Test
    void theServersOwnListeningPortIsALoopWhateverTheList() throws Exception {
        int acceptPort = Ports.closed();
        try (InProcessService exit = exit(acceptPort, "transparentAllow = 127.0.0.0/8:*")) {
            String line = refused(exit, to(acceptPort));
            assertTrue(line.endsWith("it is this host's own listening port (loop)"), line);
        }
    }

    @Test
    void aClientThatNamesNoDestinationIsRefused() throws Exception {
        try (Backends backend = Backends.echo();
             InProcessService exit = exit(Ports.closed(), "transparentAllow = 127.0.0.1:*")) {
            String line = refused(exit, null);
            assertTrue(line.endsWith("named no destination: no original destination extension in its ClientHello"),
                    line);
        }
    }

    @Test
    void theDestinationUnderAnotherTypeIsNotRead() throws Exception {
        try (Backends backend = Backends.echo();
             InProcessService exit = exit(Ports.closed(), "transparentAllow = 127.0.0.1:*\n"
                     + "transparentExtension = 65400")) {
            assertTrue(refused(exit, to(backend.port())).endsWith("named no destination: no original destination"
                    + " extension in its ClientHello"));
            try (CarryingTlsClient client = CarryingTlsClient.connect(dir, exit.port(), clientCert, 65400,
                    to(backend.port()))) {
                client.out().write('x');
                assertEquals('x', client.in().read());
            }
        }
    }

    @Test
    void aMalformedDestinationFailsTheHandshakeWithDecodeError() throws Exception {
        AtomicInteger touched = new AtomicInteger();
        try (Backends backend = Backends.custom(s -> touched.incrementAndGet());
             InProcessService exit = exit(Ports.closed(), "transparentAllow = 127.0.0.1:*")) {
            byte[] unknownVersion = to(backend.port());
            unknownVersion[0] = 2;
            IOException failed = assertThrows(IOException.class,
                    () -> CarryingTlsClient.connect(dir, exit.port(), clientCert, TYPE, unknownVersion).close());
            assertTrue(failed.toString().contains("decode_error"), failed.toString());
            exit.awaitLine("malformed original destination extension: unknown version 2", WAIT);
            exit.awaitClosed(1, WAIT);
            assertEquals(0, touched.get());
        }
    }

    @Test
    void aClientWithoutACertificateMayNotNameADestination() throws Exception {
        AtomicInteger touched = new AtomicInteger();
        try (Backends backend = Backends.custom(s -> touched.incrementAndGet());
             InProcessService exit = exit(Ports.closed(), "transparentAllow = 127.0.0.1:*\nrequireCert = no")) {
            try (CarryingTlsClient client = CarryingTlsClient.connect(dir, exit.port(), "", TYPE,
                    to(backend.port()))) {
                assertEquals(-1, readEnd(client));
            }
            String line = exit.awaitLine("REFUSED destination", WAIT);
            assertTrue(line.contains("(no certificate) at 127.0.0.1:"), line);
            assertTrue(line.endsWith("asked for 127.0.0.1:" + backend.port()
                    + ": only a client with a verified certificate may name a destination"), line);
            assertEquals(0, touched.get());
        }
    }

    @Test
    void withoutAnAllowListTheServerUsesStunnelsDestinationModeAndIgnoresTheExtension() throws Exception {
        AtomicInteger touched = new AtomicInteger();
        try (Backends backend = Backends.custom(s -> touched.incrementAndGet());
             InProcessService server = exit(Ports.closed(), "")) {
            try (CarryingTlsClient client = CarryingTlsClient.connect(dir, server.port(), clientCert, TYPE,
                    to(backend.port()))) {
                assertEquals(-1, readEnd(client));
            }
            // the loopback connection was not redirected: stunnel's mode has nowhere to go
            String line = server.awaitLine("was not redirected", WAIT);
            assertTrue(line.matches("LOG3\\[[^]]*\\]: transparent: connection from 127\\.0\\.0\\.1:\\d+ was not "
                    + "redirected \\(no original destination\\): refused"), line);
            assertEquals(0, touched.get());
        }
    }

    /** Connects with a verified certificate and this payload; the exit must close; returns the refusal line. */
    private static String refused(InProcessService exit, byte[] payload) throws Exception {
        int before = exit.closeLines().size();
        try (CarryingTlsClient client = CarryingTlsClient.connect(dir, exit.port(), clientCert, TYPE, payload)) {
            assertEquals(-1, readEnd(client));
        }
        exit.awaitClosed(before + 1, WAIT);
        return exit.lines().stream().filter(l -> l.contains("REFUSED destination")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no refusal line:\n" + String.join("\n", exit.lines())));
    }

    /** -1 when the server ended the connection (a reset counts: it refused). */
    private static int readEnd(CarryingTlsClient client) {
        try {
            return client.in().read();
        } catch (IOException e) {
            return -1;
        }
    }
}
