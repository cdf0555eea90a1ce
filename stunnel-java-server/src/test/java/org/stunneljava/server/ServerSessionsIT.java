package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OpenSsl;
import org.stunneljava.testkit.OurPrograms;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * Our server program resuming TLS 1.2 sessions of {@code openssl s_client -sess_out/-sess_in}: by RFC 5077 ticket
 * and by session ID ({@code -no_ticket}), across a restart with shared ticket secrets, never with
 * {@code sessionResume = no}, and never in TLS 1.3 (Bouncy Castle 1.84), which the server says at start-up.
 */
class ServerSessionsIT {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
        OpenSsl.assumeInstalled();
    }

    private static ManagedProcess startServer(String name, int backendPort, String extra) throws Exception {
        Path conf = OurPrograms.serverConf(dir, "", name, backendPort, pki.serverPem(), extra);
        ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, conf);
        server.await("Accepting new connections|Configuration failed", Programs.START); // see the NO_TICKET test
        return server;
    }

    /** One s_client connection (stdin closed at once: it handshakes, prints, sends close_notify, exits). */
    private static String sClient(int port, Path session, boolean first, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", pki.caPem().toString(), "-servername", "localhost", first ? "-sess_out" : "-sess_in",
                session.toString()));
        args.addAll(List.of(extra));
        OpenSsl.Result r = OpenSsl.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.output());
        return r.output();
    }

    /**
     * "New" or "Reused" and the version, for three connections sharing one session file. s_client writes no file
     * for a session it cannot resume (no session ID, no ticket): then the next connection starts afresh as well.
     */
    private static List<String> threeConnections(int port, String name, String... extra) throws Exception {
        Path session = dir.resolve(name + ".sess");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seen.add(outcome(sClient(port, session, !java.nio.file.Files.exists(session), extra)));
        }
        return seen;
    }

    private static String outcome(String sClientOutput) {
        Matcher m = Pattern.compile("(?m)^(New|Reused), (TLSv1\\.[23]),").matcher(sClientOutput);
        assertTrue(m.find(), sClientOutput);
        return m.group(1) + " " + m.group(2);
    }

    private static void awaitCount(ManagedProcess p, String fragment, int n) throws InterruptedException {
        Poll.until(() -> p.lines().stream().filter(l -> l.contains(fragment)).count() >= n, Programs.START,
                () -> n + " lines with \"" + fragment + "\":\n" + p.output());
    }

    @Test
    void opensslClientResumesByTicketAndBySessionId() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = startServer("resume", backend.port(), "")) {
            int port = server.awaitPort("resume", Programs.START);
            List<String> tickets = threeConnections(port, "tickets", "-tls1_2");
            assertEquals(List.of("New TLSv1.2", "Reused TLSv1.2", "Reused TLSv1.2"), tickets);
            List<String> ids = threeConnections(port, "ids", "-tls1_2", "-no_ticket");
            assertEquals(List.of("New TLSv1.2", "Reused TLSv1.2", "Reused TLSv1.2"), ids);
            awaitCount(server, "TLS accepted: previous session reused", 4);
            awaitCount(server, "Decrypted ticket for an authenticated session: yes", 2);
            assertEquals(2, server.lines().stream().filter(l -> l.contains("TLS accepted: new session")).count());
        }
    }

    @Test
    void theTicketCarriesTheServersLifetimeHint() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = startServer("hint", backend.port(), "sessionCacheTimeout = 120")) {
            String out = sClient(server.awaitPort("hint", Programs.START), dir.resolve("hint.sess"), true, "-tls1_2");
            assertTrue(out.contains("TLS session ticket lifetime hint: 120 (seconds)"), out);
        }
    }

    @Test
    void sessionResumeNoResumesNothing() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = startServer("noresume", backend.port(), "sessionResume = no")) {
            int port = server.awaitPort("noresume", Programs.START);
            assertEquals(List.of("New TLSv1.2", "New TLSv1.2", "New TLSv1.2"),
                    threeConnections(port, "noresume", "-tls1_2"));
            assertFalse(java.nio.file.Files.exists(dir.resolve("noresume.sess")),
                    "no session ID and no ticket: s_client has nothing to save");
            server.await("Session resumption disabled", Programs.START);
        }
    }

    /**
     * {@code options = NO_TICKET}: no ticket is issued, sessions still resume by ID. The {@code options} line is
     * parsed by another branch of issue 3: until it is merged, this file is a configuration error and the test is
     * skipped (it says so); once merged it must pass.
     */
    @Test
    void optionsNoTicketIssuesNoTicketButResumesById() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = startServer("noticket", backend.port(), "options = NO_TICKET")) {
            assumeFalse(server.output().contains("Option \"options\" is not supported yet"),
                    "options = NO_TICKET is parsed by the TLS policy branch, not merged here yet");
            int port = server.awaitPort("noticket", Programs.START);
            String first = sClient(port, dir.resolve("noticket.sess"), true, "-tls1_2");
            assertFalse(first.contains("TLS session ticket:"), first);
            assertEquals(List.of("New TLSv1.2", "Reused TLSv1.2", "Reused TLSv1.2"),
                    threeConnections(port, "noticket2", "-tls1_2"));
        }
    }

    /** Scenario 37 with s_client: a session of one server resumes on another started with the same secrets. */
    @Test
    void ticketsOpenOnAServerStartedLaterWithTheSameSecretsOnly() throws Exception {
        Path session = dir.resolve("restart.sess");
        try (Backends backend = Backends.echo()) {
            try (ManagedProcess first = startServer("fleet", backend.port(), Confs.TICKET_SECRETS)) {
                assertEquals("New TLSv1.2",
                        outcome(sClient(first.awaitPort("fleet", Programs.START), session, true, "-tls1_2")));
                assertEquals(0, first.terminate(Duration.ofSeconds(30)));
            }
            try (ManagedProcess second = startServer("fleet", backend.port(), Confs.TICKET_SECRETS)) {
                int port = second.awaitPort("fleet", Programs.START);
                assertEquals("Reused TLSv1.2", outcome(sClient(port, session, false, "-tls1_2")));
                assertEquals("Reused TLSv1.2", outcome(sClient(port, session, false, "-tls1_2")));
                awaitCount(second, "TLS accepted: previous session reused", 2);
            }
            try (ManagedProcess random = startServer("fleet", backend.port(), "")) {
                assertEquals("New TLSv1.2", outcome(sClient(random.awaitPort("fleet", Programs.START), session,
                        false, "-tls1_2")), "random ticket keys: the old ticket does not open");
            }
        }
    }

    @Test
    void tls13ConnectionsAlwaysMakeAFullHandshakeAndTheServerSaysSo() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = startServer("tls13", backend.port(), "sessionCacheSize = 100")) {
            server.await("LOG5\\[ui\\]: TLSv1.3 connections of service \\[tls13\\] are never resumed \\(Bouncy Castle "
                    + "1.84 has no TLS 1.3 resumption\\): each makes a full handshake", Programs.START);
            int port = server.awaitPort("tls13", Programs.START);
            assertEquals(List.of("New TLSv1.3", "New TLSv1.3", "New TLSv1.3"), threeConnections(port, "tls13"));
            assertFalse(java.nio.file.Files.exists(dir.resolve("tls13.sess")), "no TLS 1.3 ticket was issued");
        }
    }
}
