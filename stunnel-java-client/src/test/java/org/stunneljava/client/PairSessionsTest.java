package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.TlsOptions;
import org.stunneljava.config.TlsPolicy;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.TestPki;

/**
 * stunnel-behaviour.md scenarios 35 and 36 with our own two modes in-process: three sequential plain connections
 * through client -> server. With TLS 1.2 the second and third resume the first session (by ticket, or by session ID
 * with {@code options = NO_TICKET} on the server); with {@code sessionResume = no} on the server, or with TLS 1.3
 * (Bouncy Castle 1.84 cannot resume it), all three are new.
 */
class PairSessionsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    /** Runs three connections; returns the server's and the client's lines. */
    private static List<List<String>> threeConnections(String name, String serverExtra, String clientExtra)
            throws Exception {
        return threeConnections(name, serverExtra, clientExtra, Set.of());
    }

    /**
     * @param serverOptions SSL_OP names added to the server's {@code options} (set on the record directly: this
     *                      branch does not parse {@code options} yet)
     */
    private static List<List<String>> threeConnections(String name, String serverExtra, String clientExtra,
                                                        Set<String> serverOptions) throws Exception {
        try (Backends backend = Backends.echo();
             InProcessService server = Tunnels.server(withOptions(serverOptions,
                     Tunnels.verifyingServer(dir, pki, name, backend.port(), serverExtra)));
             InProcessService client = Tunnels.client(
                     Tunnels.verifyingClient(dir, pki, name, server.port(), clientExtra))) {
            for (int i = 0; i < 3; i++) {
                byte[] request = ("hello " + i + "\n").getBytes();
                assertEquals(new String(request), new String(PlainClient.exchange(client.port(), request)));
            }
            server.awaitClosed(3, WAIT);
            client.awaitClosed(3, WAIT);
            return List.of(server.lines(), client.lines());
        }
    }

    private static ServiceConfig withOptions(Set<String> options, ServiceConfig s) {
        if (options.isEmpty()) {
            return s;
        }
        TlsOptions t = s.tls();
        Set<String> all = new HashSet<>(t.policy().options());
        all.addAll(options);
        TlsPolicy p = t.policy();
        TlsPolicy policy = new TlsPolicy(p.ciphers(), p.ciphersuites(), p.curves(), all, p.securityLevel(),
                p.renegotiation());
        TlsOptions tls = new TlsOptions(t.cert(), t.key(), t.verification(), t.minVersion(), t.maxVersion(), t.sni(),
                policy, t.sessions(), t.psk(), t.ocsp(), t.keyPassword());
        return new ServiceConfig(s.name(), s.origin(), s.client(), s.accept(), s.connect(), s.delay(), s.failover(),
                s.timeouts(), tls, s.debug(), s.virtualHost(), s.redirect(), s.transparency(), s.negotiation(), s.proxy(), s.exec(),
                s.origins());
    }

    private static long count(List<String> lines, String text) {
        Pattern p = Pattern.compile("LOG6\\[[^]]*]: " + Pattern.quote(text));
        return lines.stream().filter(l -> p.matcher(l).matches()).count();
    }

    private static void assertSessions(List<List<String>> lines, int newOnes, int reused) {
        String all = String.join("\n", lines.get(0)) + "\n--- client:\n" + String.join("\n", lines.get(1));
        assertEquals(newOnes, count(lines.get(0), "TLS accepted: new session negotiated"), all);
        assertEquals(reused, count(lines.get(0), "TLS accepted: previous session reused"), all);
        assertEquals(newOnes, count(lines.get(1), "TLS connected: new session negotiated"), all);
        assertEquals(reused, count(lines.get(1), "TLS connected: previous session reused"), all);
    }

    @Test
    void tls12ResumesTheFirstSessionTwiceWithTickets() throws Exception {
        List<List<String>> lines = threeConnections("tickets", "sslVersionMax = TLSv1.2", "");
        assertSessions(lines, 1, 2);
        assertEquals(2, lines.get(0).stream().filter(l -> l.contains("Session id: ")).count(),
                "a server that issued a ticket prints the id on resumption only");
        assertEquals(2, lines.get(0).stream().filter(l -> l.contains("Decrypted ticket for an authenticated session: yes"))
                .count());
    }

    @Test
    void tls12ResumesTheFirstSessionTwiceBySessionId() throws Exception {
        List<List<String>> lines = threeConnections("ids", "sslVersionMax = TLSv1.2\nsessionCacheSize = 1", "",
                Set.of("NO_TICKET"));
        assertSessions(lines, 1, 2);
        assertEquals(3, lines.get(0).stream().filter(l -> l.contains("Session id: ")).count(), "cached by its id");
        assertEquals(0, lines.get(0).stream().filter(l -> l.contains("Decrypted ticket")).count());
    }

    @Test
    void sessionResumeNoGivesThreeNewSessions() throws Exception {
        assertSessions(threeConnections("no-resume", "sslVersionMax = TLSv1.2\nsessionResume = no", ""), 3, 0);
    }

    @Test
    void tls13GivesThreeNewSessions() throws Exception {
        assertSessions(threeConnections("tls13", "", ""), 3, 0);
    }
}
