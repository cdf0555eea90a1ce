package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * Server-mode session resumption in-process, with the JDK's TLS 1.2 client (which resumes by session ticket or by
 * session ID) in front of three tag backends with {@code failover = rr}: resumed connections go back to the
 * backend their session used (stunnel's persistence), new sessions rotate.
 */
class ServerSessionsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;
    static List<Backends> backends = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        for (int i = 0; i < 3; i++) {
            backends.add(Backends.tag("backend" + i + "\n"));
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (Backends b : backends) {
            b.close();
        }
    }

    private static InProcessService server(String name, String options) throws Exception {
        StringBuilder conf = new StringBuilder("""
                [%s]
                accept = 127.0.0.1:0
                cert = %s
                sslVersionMax = TLSv1.2
                failover = rr
                """.formatted(name, pki.serverPem()));
        backends.forEach(b -> conf.append("connect = 127.0.0.1:").append(b.port()).append('\n'));
        return InProcessServer.start(ServiceConfigs.load(dir, name, conf + options));
    }

    /** One connection through a context that keeps its sessions (by host and port, hence the name). */
    private static String tagVia(SSLContext client, int port) throws IOException {
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aResumedSessionGoesBackToTheBackendItUsed() throws Exception {
        SSLContext client = JdkTls.client(pki, null);
        try (InProcessService server = server("sticky", "")) {
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tags.add(tagVia(client, server.port()));
            }
            assertEquals(1, Set.copyOf(tags).size(), "every connection of the session on one backend: " + tags);
            server.awaitClosed(3, WAIT);
            List<String> lines = server.lines();
            String all = String.join("\n", lines);
            assertEquals(1, count(lines, 6, "TLS accepted: new session negotiated"), all);
            assertEquals(2, count(lines, 6, "TLS accepted: previous session reused"), all);
            String backend = "127.0.0.1:" + backends.get(tags.get(0).charAt(7) - '0').port();
            assertEquals(3, count(lines, 6, "persistence: " + backend + " cached"), all);
            assertEquals(2, count(lines, 6, "persistence: " + backend + " reused"), all);
            assertEquals(1, count(lines, 6, "failover: round-robin, starting at entry #"), all);
        }
    }

    @Test
    void withSessionResumeNoEveryConnectionIsANewSessionAndRotates() throws Exception {
        SSLContext client = JdkTls.client(pki, null);
        try (InProcessService server = server("fresh", "sessionResume = no\n")) {
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tags.add(tagVia(client, server.port()));
            }
            assertNotEquals(tags.get(0), tags.get(1), "round robin: " + tags);
            assertNotEquals(tags.get(1), tags.get(2), "round robin: " + tags);
            server.awaitClosed(3, WAIT);
            assertEquals(3, count(server.lines(), 6, "TLS accepted: new session negotiated"));
            assertTrue(server.lines().stream().noneMatch(l -> l.contains("persistence: ") && l.contains("reused")));
        }
    }

    /** Lines at {@code level} (LOG6 = info) of any connection that start with {@code text}. */
    private static long count(List<String> lines, int level, String text) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(
                "LOG" + level + "\\[[^]]*]: " + java.util.regex.Pattern.quote(text) + ".*");
        return lines.stream().filter(l -> p.matcher(l).matches()).count();
    }
}
