package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * SIGUSR1, SIGUSR2 and SIGTERM as stunnel (stunnel-behaviour.md #34), and the graceful stop of {@code TIMEOUTdrain}:
 * with it, SIGTERM stops accepting at once but lets the open connections finish, up to the limit.
 */
@Tag("e2e")
class SignalsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext tls;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        tls = JdkTls.client(pki, null);
    }

    private static ManagedProcess server(String name, String globals, int backend) throws Exception {
        Path conf = Confs.write(dir, name + ".conf", globals + """
                [two]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                """.formatted(backend, pki.serverPem()));
        return Programs.stunnelJava(Programs.Mode.SERVER, conf);
    }

    private static void echo(SSLSocket s, String text) throws IOException {
        byte[] line = text.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(line);
        assertArrayEquals(line, s.getInputStream().readNBytes(line.length));
    }


    @Test
    void usr1ReopensTheLogFileAndUsr2ListsTheOpenConnections() throws Exception {
        Path log = dir.resolve("signals.log");
        Path rotated = dir.resolve("signals.log.1");
        try (Backends backend = Backends.echo();
             ManagedProcess server = server("usr", "output = " + log + "\n", backend.port())) {
            int port = server.awaitPort("two", WAIT);
            server.await("Accepting new connections", WAIT);
            try (SSLSocket open = JdkTls.connect(tls, port)) {
                echo(open, "fourteen bytes");
                Files.move(log, rotated);
                server.signal("USR1");
                Poll.until(() -> Files.exists(log), WAIT, "the log file opened again by name");
                server.signal("USR2");
                server.await("Listed 1 active connection\\(s\\)", WAIT);
                Poll.until(() -> contains(log, "Listed 1"), WAIT, "the list in the new file");
                List<String> lines = Files.readAllLines(log);
                assertTrue(lines.getFirst().endsWith("LOG5[ui]: Log file reopened"), lines.getFirst());
                assertTrue(lines.stream().anyMatch(l -> l.endsWith("LOG0[ui]: Active connections:")), lines::toString);
                assertTrue(lines.stream().anyMatch(l -> l.endsWith("LOG0[ui]: Active connection 1: Service [two],"
                        + " 14 byte(s) sent to TLS, 14 byte(s) sent to socket")), lines::toString);
                assertFalse(Files.readString(rotated).contains("Log file reopened"), "the old file is left as it was");
            }
            server.await("Connection closed: 14 byte\\(s\\) sent to TLS", WAIT);
            assertEquals(0, server.terminate(WAIT));
            assertTrue(server.output().contains("LOG5[ui]: Terminated"), server.output());
        }
    }

    @Test
    void withoutDrainSigtermCutsOpenConnectionsAsStunnel() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = server("cut", "", backend.port())) {
            int port = server.awaitPort("two", WAIT);
            server.await("Accepting new connections", WAIT);
            try (SSLSocket open = JdkTls.connect(tls, port)) {
                echo(open, "hello");
                server.signal("TERM");
                assertEquals(0, server.awaitExit(WAIT));
                assertEquals(-1, readOrEof(open), "the open connection ends with the process");
            }
            assertFalse(server.output().contains("Draining"), server.output());
        }
    }

    @Test
    void drainStopsAcceptingAndLetsOpenConnectionsFinish() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = server("drain", "TIMEOUTdrain = 60\n", backend.port())) {
            int port = server.awaitPort("two", WAIT);
            server.await("Accepting new connections", WAIT);
            try (SSLSocket open = JdkTls.connect(tls, port)) {
                echo(open, "before");
                server.signal("TERM");
                server.await("Draining 1 active connection\\(s\\) for up to 60 second\\(s\\)", WAIT);
                Poll.until(() -> Ports.refused(port), WAIT, "the listener closed at once");
                echo(open, "during the drain");
                assertTrue(server.process().isAlive());
            }
            assertEquals(0, server.awaitExit(WAIT), server.output());
            assertTrue(server.output().contains("All connections finished"), server.output());
        }
    }

    @Test
    void drainTimeIsUpClosesWhatIsLeftAndExitsZero() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = server("drainup", "TIMEOUTdrain = 1\n", backend.port())) {
            int port = server.awaitPort("two", WAIT);
            server.await("Accepting new connections", WAIT);
            try (SSLSocket open = JdkTls.connect(tls, port)) {
                echo(open, "before");
                server.signal("TERM");
                assertEquals(0, server.awaitExit(WAIT), server.output());
                assertEquals(-1, readOrEof(open), "closed when the drain time was up");
            }
            assertTrue(server.output().contains("Drain time is up: closing 1 connection(s)"), server.output());
            assertTrue(server.output().matches("(?s).*Connection closed: \\d+ byte\\(s\\) sent to TLS.*"),
                    "the connection wrote its close line: " + server.output());
        }
    }

    @Test
    void aSecondSigtermCutsTheDrainShort() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = server("drain2", "TIMEOUTdrain = 600\n", backend.port())) {
            int port = server.awaitPort("two", WAIT);
            server.await("Accepting new connections", WAIT);
            try (SSLSocket open = JdkTls.connect(tls, port)) {
                echo(open, "before");
                server.signal("TERM");
                server.await("Draining 1 active connection", WAIT);
                server.signal("TERM");
                assertEquals(0, server.awaitExit(WAIT), server.output());
                assertEquals(-1, readOrEof(open));
            }
            assertTrue(server.output().contains("Drain cut short: closing 1 connection(s)"), server.output());
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** The next byte, or -1 at EOF; a reset counts as the end too. */
    private static int readOrEof(SSLSocket s) {
        try {
            return s.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }
}
