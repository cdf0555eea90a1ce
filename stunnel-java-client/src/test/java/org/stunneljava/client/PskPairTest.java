package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.launch.TlsSettingsFactory;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.ConnectionHooks;
import org.stunneljava.server.ServerConnectionHandler;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.tls.HybridTlsCrypto;

/**
 * Our client in front of our server with pre-shared keys, in-process, in both protocol generations. The log lines
 * and negotiated suites asserted here are what stunnel 5.68 logs for the same configurations (stunnel-behaviour.md
 * #38, upstream tests 061/062).
 */
class PskPairTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] HELLO = "hello over psk\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void files() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        secrets("secrets.txt", "test1:yJ3bqA9kfX2mWq7LpZ0sTn4RvC8dEh1G\ntest2:00112233445566778899aabbccddeeff\n");
        secrets("psk1.txt", "test1:yJ3bqA9kfX2mWq7LpZ0sTn4RvC8dEh1G\n");
        secrets("psk2.txt", "test2:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\n");
        secrets("wrong.txt", "test1:this-is-not-the-key-of-test1\n");
        secrets("unknown.txt", "test3:yJ3bqA9kfX2mWq7LpZ0sTn4RvC8dEh1G\n");
    }

    private static void secrets(String name, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(name), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    record Pair(InProcessService client, InProcessService server) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    /**
     * @param global      lines of the server's global section
     * @param serverExtra lines of the server's section
     * @param clientExtra lines of the client's section
     */
    private static Pair pair(String name, int backend, String global, String serverExtra, String clientExtra)
            throws Exception {
        InProcessService server = Tunnels.server(ServiceConfigs.load(dir, name + "-s", """
                %s
                [%s-s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                %s
                """.formatted(global, name, backend, serverExtra)));
        InProcessService client = Tunnels.client(ServiceConfigs.load(dir, name + "-c", """
                [%s-c]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                %s
                """.formatted(name, server.port(), clientExtra)));
        return new Pair(client, server);
    }

    private static String secretsLine(String file) {
        return "PSKsecrets = " + dir.resolve(file);
    }

    @Test
    void tls13KeyAuthenticatesBothSidesWithoutCertificates() throws Exception {
        try (Backends backend = Backends.echo();
             Pair p = pair("psk13", backend.port(), "", secretsLine("secrets.txt"), secretsLine("psk1.txt"))) {
            assertArrayEquals(HELLO, PlainClient.exchange(p.client().port(), HELLO));
            p.server().awaitLine("Key configured for PSK identity \"test1\"", WAIT);
            p.server().awaitLine("TLS accepted: new session negotiated", WAIT);
            p.server().awaitLine("TLSv1.3 ciphersuite: TLS_AES_128_GCM_SHA256 (128-bit encryption)", WAIT);
            p.client().awaitLine("PSK client configured for identity \"test1\"", WAIT);
            // stunnel's client counts a TLS 1.3 external PSK as a reused session (SSL_session_reused)
            p.client().awaitLine("TLS connected: previous session reused", WAIT);
            p.server().awaitClosed(1, WAIT);
        }
    }

    @Test
    void tls12UsesAnEcdhePskSuiteAndTheIdentityNamedByPskIdentity() throws Exception {
        try (Backends backend = Backends.echo();
             Pair p = pair("psk12", backend.port(), "", secretsLine("secrets.txt"),
                     secretsLine("psk2.txt") + "\nPSKidentity = test2\nsslVersion = TLSv1.2")) {
            assertArrayEquals(HELLO, PlainClient.exchange(p.client().port(), HELLO));
            p.server().awaitLine("Key configured for PSK identity \"test2\"", WAIT);
            p.server().awaitLine("TLSv1.2 ciphersuite: ECDHE-PSK-CHACHA20-POLY1305 (256-bit encryption)", WAIT);
            p.client().awaitLine("PSK client configured for identity \"test2\"", WAIT);
            p.client().awaitLine("TLS connected: new session negotiated", WAIT);
        }
    }

    /** Upstream test 061: a global requireCert = yes, and a client that verifies the chain, both accept the key. */
    @Test
    void theKeySatisfiesRequireCertAndVerifyChainInBothVersions() throws Exception {
        for (String version : new String[] {"TLSv1.2", "TLSv1.3"}) {
            try (Backends backend = Backends.echo();
                 Pair p = pair("req" + version, backend.port(), "requireCert = yes", secretsLine("secrets.txt"),
                         secretsLine("psk1.txt") + "\nverifyChain = yes\nCAfile = " + pki.caPem()
                                 + "\nsslVersion = " + version)) {
                assertArrayEquals(HELLO, PlainClient.exchange(p.client().port(), HELLO), version);
                p.server().awaitLine(version + " ciphersuite", WAIT);
                p.server().awaitLine("Key configured for PSK identity \"test1\"", WAIT);
            }
        }
    }

    /** stunnel-behaviour.md #38 / upstream 062: a wrong key ends the handshake; the plain client sees the end. */
    @Test
    void aWrongKeyFailsTheHandshakeInBothVersions() throws Exception {
        try (Backends backend = Backends.echo();
             Pair tls13 = pair("wrong13", backend.port(), "", secretsLine("secrets.txt"), secretsLine("wrong.txt"));
             Pair tls12 = pair("wrong12", backend.port(), "", secretsLine("secrets.txt"),
                     secretsLine("wrong.txt") + "\nsslVersion = TLSv1.2")) {
            assertEquals(0, PlainClient.exchangeOrReset(tls13.client().port(), HELLO).length);
            tls13.server().awaitLine("SSL_accept: binder does not verify", WAIT);
            tls13.client().awaitLine("SSL_connect: tlsv1 alert decrypt error", WAIT);
            assertEquals(0, PlainClient.exchangeOrReset(tls12.client().port(), HELLO).length);
            tls12.server().awaitLine("SSL_accept: bad record mac", WAIT);
            tls12.client().awaitLine("SSL_connect: sslv3 alert bad record mac", WAIT);
            assertTrue(backend.received().isEmpty(), "nothing reached the backend");
        }
    }

    @Test
    void anIdentityTheServerDoesNotKnowIsRefused() throws Exception {
        try (Backends backend = Backends.echo();
             Pair tls13 = pair("unknown13", backend.port(), "", secretsLine("secrets.txt"),
                     secretsLine("unknown.txt"));
             Pair tls12 = pair("unknown12", backend.port(), "", secretsLine("secrets.txt"),
                     secretsLine("unknown.txt") + "\nsslVersion = TLSv1.2")) {
            assertEquals(0, PlainClient.exchangeOrReset(tls13.client().port(), HELLO).length);
            tls13.server().awaitLine("PSK identity not found (session resumption?)", WAIT);
            tls13.server().awaitLine("SSL_accept: no suitable signature algorithm", WAIT);
            assertEquals(0, PlainClient.exchangeOrReset(tls12.client().port(), HELLO).length);
            tls12.server().awaitLine("PSK identity not found (session resumption?)", WAIT);
            tls12.server().awaitLine("SSL_accept: psk identity not found", WAIT);
            // the client may still be writing its flight when the alert and the close arrive (as upstream test 062
            // allows: the alert, or a reset)
            Poll.until(() -> tls12.client().lines().stream().anyMatch(l -> l.matches(
                    ".*SSL_connect: (tlsv1 alert unknown psk identity.*|Broken pipe \\(32\\)|Connection reset.*)")),
                    WAIT, () -> "the alert or a reset; lines:\n" + String.join("\n", tls12.client().lines()));
        }
    }

    /**
     * With a certificate as well, OpenSSL picks the TLS 1.3 suite as usual (the client's first, SHA-384) and drops
     * the key, whose hash is SHA-256: the handshake is a certificate one, as between two stunnels.
     */
    @Test
    void aServerWithACertificateToo() throws Exception {
        try (Backends backend = Backends.echo();
             Pair p = pair("both", backend.port(), "", "cert = " + pki.serverPem() + "\n" + secretsLine("secrets.txt"),
                     secretsLine("psk1.txt") + "\nverifyChain = yes\nCAfile = " + pki.caPem())) {
            assertArrayEquals(HELLO, PlainClient.exchange(p.client().port(), HELLO));
            p.server().awaitLine("Key configured for PSK identity \"test1\"", WAIT);
            p.server().awaitLine("TLSv1.3 ciphersuite: TLS_AES_256_GCM_SHA384", WAIT);
            p.client().awaitLine("Certificate accepted at depth=0: CN=localhost", WAIT);
            p.client().awaitLine("TLS connected: new session negotiated", WAIT);
        }
    }

    /** The authorize step (hooks of later features) learns which key authenticated a client without a certificate. */
    @Test
    void theHandshakeRecordNamesTheKeyThatAuthenticatedThePeer() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        ConnectionHooks hooks = ConnectionHooks.NONE.withAuthorize(
                (connection, handshake) -> {
                    seen.add(handshake.pskIdentity() + " " + handshake.tls13Psk() + " " + handshake.peerCertificate());
                    return Optional.empty();
                });
        try (Backends backend = Backends.echo()) {
            var service = ServiceConfigs.load(dir, "hooked-s", """
                    [hooked-s]
                    accept = 127.0.0.1:0
                    connect = 127.0.0.1:%d
                    %s
                    """.formatted(backend.port(), secretsLine("secrets.txt")));
            var crypto = new HybridTlsCrypto(new SecureRandom());
            var tls = TlsSettingsFactory.server(service, crypto, new RecordingLog());
            try (InProcessService server = InProcessService.start(logs -> new ServerConnectionHandler(service,
                    crypto, tls, Dialer.forService(service), logs, hooks))) {
                for (String version : new String[] {"TLSv1.3", "TLSv1.2"}) {
                    try (InProcessService client = Tunnels.client(ServiceConfigs.load(dir, "hooked-c", """
                            [hooked-c]
                            client = yes
                            accept = 127.0.0.1:0
                            connect = 127.0.0.1:%d
                            %s
                            sslVersion = %s
                            """.formatted(server.port(), secretsLine("psk2.txt"), version)))) {
                        assertArrayEquals(HELLO, PlainClient.exchange(client.port(), HELLO));
                    }
                }
            }
        }
        assertEquals("test2 true null", seen.poll(30, TimeUnit.SECONDS));
        assertEquals("test2 false null", seen.poll(30, TimeUnit.SECONDS));
    }

    @Test
    void aClientWithoutAKeyCannotReachAServerWithOnlyKeys() throws Exception {
        try (Backends backend = Backends.echo();
             Pair tls13 = pair("nokey13", backend.port(), "", secretsLine("secrets.txt"), "");
             Pair tls12 = pair("nokey12", backend.port(), "", secretsLine("secrets.txt"), "sslVersion = TLSv1.2")) {
            assertEquals(0, PlainClient.exchangeOrReset(tls13.client().port(), HELLO).length);
            tls13.server().awaitLine("SSL_accept: no suitable signature algorithm", WAIT);
            assertEquals(0, PlainClient.exchangeOrReset(tls12.client().port(), HELLO).length);
            tls12.server().awaitLine("SSL_accept: handshake failure", WAIT);
        }
    }
}
