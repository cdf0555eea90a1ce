package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * SNI virtual services (stunnel-behaviour.md #14) and {@code redirect} (#40), each scenario run against our server
 * program and against the real stunnel with the same file, so both must route every client alike.
 */
class VirtualServicesIT {
    enum Server {
        OURS, STUNNEL;

        /** This program with the conf (written as {@code <name>-<PROGRAM>.conf}), once it accepts connections. */
        ManagedProcess start(String name, String conf) throws Exception {
            Path file = Confs.write(dir, name + "-" + this + ".conf", conf);
            ManagedProcess server = this == OURS ? Programs.stunnelJava(Programs.Mode.SERVER, file)
                    : Programs.stunnel(file);
            try {
                server.await("Accepting new connections", Programs.START);
            } catch (AssertionError e) {
                server.close();
                throw e;
            }
            return server;
        }
    }

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void serverNameChoosesTheVirtualServiceItsBackendAndItsCertificate(Server program) throws Exception {
        try (Backends b1 = Backends.tag("backend1"); Backends b2 = Backends.tag("backend2");
             Backends b3 = Backends.tag("backend3");
             ManagedProcess server = program.start("sni", """
                     pid =
                     [virt]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     cert = %s
                     [a]
                     sni = virt:a.example.com
                     connect = 127.0.0.1:%d
                     cert = %s
                     [w]
                     sni = virt:*.wild.example.com
                     connect = 127.0.0.1:%d
                     cert = %s
                     """.formatted(b1.port(), pki.serverPem(), b2.port(), pki.wrongHostPem(), b3.port(),
                     pki.serverPem()))) {
            int port = server.awaitPort("virt", Programs.START);
            assertEquals(new Routed("backend2", "CN=wrong.example.com"), connect(port, "a.example.com"));
            assertEquals("backend2", connect(port, "A.EXAMPLE.COM").backend(), "names match without case");
            assertEquals(new Routed("backend3", "CN=localhost"), connect(port, "x.wild.example.com"));
            assertEquals("backend1", connect(port, "wild.example.com").backend(), "*.x needs a prefix");
            assertEquals("backend1", connect(port, "other.org").backend());
            assertEquals("backend1", connect(port, null).backend());
            server.await("LOG5\\[\\d+\\]: SNI: switched to service \\[a\\]", Programs.START);
            server.await("LOG3\\[\\d+\\]: SNI: no pattern matched servername: other.org", Programs.START);
            server.await("LOG5\\[\\d+\\]: SNI: no servername received", Programs.START);
            server.await("LOG5\\[\\d+\\]: Service \\[w\\] connected remote server from", Programs.START);
        }
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void aVirtualServiceAsksForTheClientCertificateItsOwnTrustNeeds(Server program) throws Exception {
        try (Backends open = Backends.tag("open"); Backends guarded = Backends.tag("guarded");
             ManagedProcess server = program.start("sni-trust", """
                     pid =
                     cert = %s
                     [open]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     [guarded]
                     sni = open:guarded.example.com
                     connect = 127.0.0.1:%d
                     verifyChain = yes
                     CAfile = %s
                     """.formatted(pki.serverPem(), open.port(), guarded.port(), pki.caPem()))) {
            int port = server.awaitPort("open", Programs.START);
            assertEquals("open", connect(port, "other.example.com").backend());
            assertEquals("guarded", connect(pki.client(), port, "guarded.example.com").backend());
            assertThrows(IOException.class, () -> connect(port, "guarded.example.com"),
                    "the guarded service requires a certificate");
            assertThrows(IOException.class, () -> connect(pki.unknown(), port, "guarded.example.com"));
            server.await("Rejected by CERT at depth=0", Programs.START);
        }
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void clientsThatFailAuthenticationAreRedirected(Server program) throws Exception {
        try (Backends good = Backends.tag("backend1"); Backends redirect = Backends.tag("backend2");
             ManagedProcess server = program.start("redirect", redirecting(good, redirect, ""))) {
            int port = server.awaitPort("r", Programs.START);
            assertEquals("backend2", connect(port, null).backend(), "no certificate");
            assertEquals("backend1", connect(pki.client(), port, null).backend());
            assertEquals("backend2", connect(pki.unknown(), port, null).backend(),
                    "a rejected certificate still completes the handshake");
            server.await("Rejected by CERT at depth=0", Programs.START);
            assertRedirected(server, 2);
        }
    }

    /** Upstream tests 181-183: a resumed session keeps the redirect decision of the handshake that made it. */
    @ParameterizedTest
    @EnumSource(Server.class)
    void resumedSessionsKeepTheRedirectDecision(Server program) throws Exception {
        try (Backends good = Backends.tag("backend1"); Backends redirect = Backends.tag("backend2");
             ManagedProcess server = program.start("redirect-resume",
                     redirecting(good, redirect, "sslVersionMax = TLSv1.2"))) {
            int port = server.awaitPort("r", Programs.START);
            for (TestPki.Identity identity : java.util.Arrays.asList(null, pki.unknown(), pki.client())) {
                SSLContext tls = JdkTls.client(pki, identity); // one context: its session cache resumes
                String expected = identity == pki.client() ? "backend1" : "backend2";
                for (int i = 0; i < 3; i++) {
                    assertEquals(expected, connectWith(tls, port, null).backend(), "connection " + i + " as " + identity);
                }
            }
            awaitCount(server, "TLS accepted: previous session reused", 6);
            assertRedirected(server, 6);
        }
    }

    /** Service [r] verifying client certificates, redirecting the clients that fail to {@code redirect}. */
    private static String redirecting(Backends good, Backends redirect, String extra) {
        return """
                pid =
                [r]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                redirect = 127.0.0.1:%d
                cert = %s
                verifyChain = yes
                CAfile = %s
                %s
                """.formatted(good.port(), redirect.port(), pki.serverPem(), pki.caPem(), extra);
    }

    /** Exactly {@code n} connections were redirected (the last line may come after the client saw its data). */
    private static void assertRedirected(ManagedProcess server, int n) throws InterruptedException {
        awaitCount(server, "Redirecting connection", n);
        assertEquals(n, server.lines().stream().filter(l -> l.endsWith("Redirecting connection")).count(),
                server.output());
    }

    /** Waits until {@code n} lines end with {@code text} (the last may come after the client saw its data). */
    private static void awaitCount(ManagedProcess p, String text, int n) throws InterruptedException {
        Poll.until(() -> p.lines().stream().filter(l -> l.endsWith(text)).count() >= n, Programs.START,
                () -> n + " lines ending with \"" + text + "\":\n" + p.output());
    }

    record Routed(String backend, String certificate) {
    }

    /**
     * One TLS connection presenting {@code identity} (null: none) with the given server name (null: none), from a
     * context of its own so that no session is resumed; returns the backend's tag and the server's certificate.
     */
    private static Routed connect(int port, String serverName) throws Exception {
        return connect(null, port, serverName);
    }

    private static Routed connect(TestPki.Identity identity, int port, String serverName) throws Exception {
        return connectWith(JdkTls.client(pki, identity), port, serverName);
    }

    private static Routed connectWith(SSLContext tls, int port, String serverName) throws IOException {
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            SSLParameters params = s.getSSLParameters();
            params.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
            s.setSSLParameters(params);
            s.startHandshake();
            X509Certificate leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
            String tag = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            assertTrue(!tag.isEmpty(), "the backend's tag came through");
            return new Routed(tag, leaf.getSubjectX500Principal().getName());
        }
    }
}
