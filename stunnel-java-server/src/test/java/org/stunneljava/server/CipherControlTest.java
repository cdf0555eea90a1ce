package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.launch.StartupException;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OpenSsl;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestKeys;
import org.stunneljava.testkit.TestPki;

/**
 * Server mode with {@code openssl s_client} as the peer: the version, suite and group it reports are the ones the
 * service's {@code ciphers}, {@code ciphersuites}, {@code curves}, {@code options} and {@code securityLevel} allow,
 * and what they exclude fails the handshake.
 */
@DisplayName("Server: cipher and protocol control, seen from openssl s_client")
class CipherControlTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki ec;
    static TestPki rsa;
    static Backends backend;

    @BeforeAll
    static void setUp() throws Exception {
        OpenSsl.assumeInstalled();
        ec = TestPki.create(dir.resolve("ec"));
        rsa = TestPki.create(dir.resolve("rsa"), TestKeys.Algorithm.RSA_2048);
        backend = Backends.echo();
    }

    /** What s_client saw: its output, the suite ("(NONE)" when the handshake failed) and the protocol. */
    record Seen(String output, String cipher, String protocol, String tempKey) {
        boolean failed() {
            return cipher.equals("(NONE)");
        }
    }

    private static InProcessService server(TestPki pki, String name, String options) throws Exception {
        ServiceConfig service = ServiceConfigs.load(dir, name, """
                [%s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                %s
                """.formatted(name, backend.port(), pki.serverPem(), options));
        return InProcessServer.start(service);
    }

    /** One s_client run that handshakes and leaves at once (its stdin is closed). */
    private static Seen sClient(InProcessService server, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + server.port()));
        all.addAll(List.of(args));
        String out = OpenSsl.run(all.toArray(String[]::new)).output();
        // TLS 1.3 sessions are printed only with a ticket (Bouncy Castle sends none): then the "New," line says it
        String protocol = find(out, "Protocol *: (\\S+)");
        return new Seen(out, find(out, "Cipher is (\\S+)"),
                protocol.isEmpty() ? find(out, "New, (TLSv1\\.3), Cipher") : protocol,
                find(out, "Server Temp Key: (.+)"));
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : "";
    }

    @Test
    void theCipherNamedInTheConfigIsTheOneNegotiated() throws Exception {
        try (InProcessService server = server(ec, "one-cipher",
                "ciphers = ECDHE-ECDSA-AES128-GCM-SHA256\nsslVersionMax = TLSv1.2")) {
            Seen seen = sClient(server);
            assertEquals("ECDHE-ECDSA-AES128-GCM-SHA256", seen.cipher(), seen.output());
            assertEquals("TLSv1.2", seen.protocol());
            server.awaitLine("TLSv1.2 ciphersuite: ECDHE-ECDSA-AES128-GCM-SHA256 (128-bit encryption)", WAIT);
            Seen other = sClient(server, "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384");
            assertTrue(other.failed(), other.output());
        }
    }

    @Test
    void anExcludedAlgorithmIsNeverChosen() throws Exception {
        try (InProcessService server = server(ec, "no-gcm", "ciphers = HIGH:!AESGCM\nsslVersionMax = TLSv1.2")) {
            assertTrue(sClient(server, "-cipher", "AESGCM").failed());
            assertEquals("ECDHE-ECDSA-AES256-SHA384",
                    sClient(server, "-cipher", "AESGCM:ECDHE-ECDSA-AES256-SHA384").cipher());
        }
    }

    @Test
    void curvesDecideTheKeyExchangeGroup() throws Exception {
        try (InProcessService server = server(ec, "p384", "curves = P-384")) {
            Seen tls13 = sClient(server); // s_client offers an X25519 key share: the server asks again for P-384
            assertEquals("TLSv1.3", tls13.protocol(), tls13.output());
            assertEquals("ECDH, secp384r1, 384 bits", tls13.tempKey());
            assertEquals("ECDH, secp384r1, 384 bits", sClient(server, "-tls1_2").tempKey());
            assertTrue(sClient(server, "-groups", "X25519:P-256").failed());
            assertTrue(sClient(server, "-groups", "X25519:P-256", "-tls1_2").failed());
        }
        try (InProcessService server = server(ec, "default-curves", "")) {
            assertEquals("X25519, 253 bits", sClient(server).tempKey());
        }
    }

    @Test
    void optionsTakeVersionsAway() throws Exception {
        try (InProcessService server = server(ec, "no-13", "options = NO_TLSv1_3")) {
            assertEquals("TLSv1.2", sClient(server).protocol());
            assertTrue(sClient(server, "-tls1_3").failed());
        }
        try (InProcessService server = server(ec, "no-12", "options = NO_TLSv1_2")) {
            assertEquals("TLSv1.3", sClient(server).protocol());
            assertTrue(sClient(server, "-tls1_2").failed());
        }
    }

    @Test
    void ciphersuitesChooseTheTls13Suite() throws Exception {
        try (InProcessService server = server(ec, "aes128", "ciphersuites = TLS_AES_128_GCM_SHA256")) {
            assertEquals("TLS_AES_128_GCM_SHA256", sClient(server).cipher());
            server.awaitLine("TLSv1.3 ciphersuite: TLS_AES_128_GCM_SHA256 (128-bit encryption)", WAIT);
            assertTrue(sClient(server, "-ciphersuites", "TLS_AES_256_GCM_SHA384").failed());
        }
    }

    @Test
    void cipherServerPreferenceMakesTheServersOrderWin() throws Exception {
        String lists = "ciphers = ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256\n"
                + "ciphersuites = TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256\n";
        String[] tls12 = {"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"};
        String[] tls13 = {"-ciphersuites", "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384"};
        try (InProcessService server = server(ec, "client-pref", lists)) {
            assertEquals("ECDHE-ECDSA-AES128-GCM-SHA256", sClient(server, tls12).cipher());
            assertEquals("TLS_AES_128_GCM_SHA256", sClient(server, tls13).cipher());
        }
        try (InProcessService server = server(ec, "server-pref", lists + "options = CIPHER_SERVER_PREFERENCE")) {
            assertEquals("ECDHE-ECDSA-AES256-GCM-SHA384", sClient(server, tls12).cipher());
            assertEquals("TLS_AES_256_GCM_SHA384", sClient(server, tls13).cipher());
        }
    }

    @Test
    void prioritizeChaChaFollowsAClientThatPrefersIt() throws Exception {
        String lists = "ciphers = ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305\n"
                + "options = CIPHER_SERVER_PREFERENCE\n";
        String[] chachaFirst = {"-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384"};
        try (InProcessService server = server(ec, "server-order", lists)) {
            assertEquals("ECDHE-ECDSA-AES256-GCM-SHA384", sClient(server, chachaFirst).cipher());
        }
        try (InProcessService server = server(ec, "chacha", lists + "options = PRIORITIZE_CHACHA")) {
            assertEquals("ECDHE-ECDSA-CHACHA20-POLY1305", sClient(server, chachaFirst).cipher());
            assertEquals("ECDHE-ECDSA-AES256-GCM-SHA384", sClient(server, "-tls1_2", "-cipher",
                    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305").cipher());
        }
    }

    /** With an RSA key the server also serves RSA key transport and DHE; an EC key serves neither. */
    @Test
    void rsaKeyTransportAndDheWithAnRsaKey() throws Exception {
        try (InProcessService server = server(rsa, "rsa-kx", "")) {
            assertEquals("AES128-GCM-SHA256", sClient(server, "-tls1_2", "-cipher", "AES128-GCM-SHA256").cipher());
        }
        try (InProcessService server = server(rsa, "dhe", "ciphers = DHE-RSA-AES128-GCM-SHA256")) {
            Seen seen = sClient(server, "-tls1_2");
            assertEquals("DHE-RSA-AES128-GCM-SHA256", seen.cipher(), seen.output());
            assertEquals("DH, 2048 bits", seen.tempKey());
        }
        try (InProcessService server = server(ec, "ec-no-rsa-kx", "ciphers = ALL")) {
            assertTrue(sClient(server, "-tls1_2", "-cipher", "AES128-GCM-SHA256:DHE-RSA-AES128-GCM-SHA256").failed());
        }
    }

    @Test
    void securityLevelSetsTheProtocolAndSuiteFloors() throws Exception {
        String[] tls11 = {"-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"};
        try (InProcessService server = server(rsa, "level0", "securityLevel = 0")) {
            Seen seen = sClient(server, tls11);
            assertEquals("TLSv1.1", seen.protocol(), seen.output());
            assertEquals("ECDHE-RSA-AES256-SHA", seen.cipher());
            server.awaitLine("TLSv1.1 ciphersuite: ECDHE-RSA-AES256-SHA (256-bit encryption)", WAIT);
        }
        try (InProcessService server = server(rsa, "level2", "")) {
            Seen seen = sClient(server, tls11);
            assertTrue(seen.failed() && seen.output().contains("alert protocol version"), seen.output());
        }
        StartupException weak = assertThrows(StartupException.class, () -> server(rsa, "level3", "securityLevel = 3"));
        assertEquals("SSL_CTX_use_certificate_chain_file: error:0A00018F:SSL routines::ee key too small",
                weak.lines().get(0));
        assertTrue(weak.lines().get(1).endsWith(": the certificate's RSA 2048-bit key offers 112 bits of security;"
                + " security level 3 needs 128 (RSA 3072 bits, EC 256 bits)"), weak.lines().get(1));
        assertEquals("Service [level3]: Failed to initialize TLS context", weak.lines().get(2));
        try (InProcessService server = server(rsa, "seclevel-in-ciphers",
                "securityLevel = 0\nciphers = DEFAULT:@SECLEVEL=2")) {
            assertTrue(sClient(server, tls11).failed(), "@SECLEVEL=2 in ciphers overrides securityLevel = 0");
        }
    }

    /** OpenSSL issues no session tickets from security level 3 on (SSL_SECOP_TICKET); neither do we. */
    @Test
    void securityLevelThreeIssuesNoTickets() throws Exception {
        try (InProcessService server = server(ec, "tickets", "")) {
            assertTrue(sClient(server, "-tls1_2").output().contains("TLS session ticket lifetime hint"));
        }
        try (InProcessService server = server(ec, "no-tickets", "securityLevel = 3")) {
            Seen seen = sClient(server, "-tls1_2");
            assertEquals("TLSv1.2", seen.protocol(), seen.output());
            assertFalse(seen.output().contains("TLS session ticket lifetime hint"), seen.output());
        }
    }

    @Test
    void extendedMasterSecretCanBeTurnedOff() throws Exception {
        try (InProcessService server = server(ec, "ems", "")) {
            assertTrue(sClient(server, "-tls1_2").output().contains("Extended master secret: yes"));
        }
        try (InProcessService server = server(ec, "no-ems", "options = NO_EXTENDED_MASTER_SECRET")) {
            assertTrue(sClient(server, "-tls1_2").output().contains("Extended master secret: no"));
        }
    }

    /**
     * As stunnel 5.68 on OpenSSL 3.0 (which needs ALLOW_CLIENT_RENEGOTIATION to renegotiate): a client's
     * renegotiation gets a no_renegotiation alert, the client gives up that connection, nothing else is touched.
     */
    @Test
    void aClientsRenegotiationIsRefused() throws Exception {
        try (InProcessService server = server(ec, "reneg", "renegotiation = yes");
             ManagedProcess client = ManagedProcess.start("s_client", List.of(
                     Capabilities.command("openssl").toString(), "s_client", "-connect",
                     "127.0.0.1:" + server.port(), "-tls1_2"))) {
            client.await("^---$", WAIT);
            client.stdin().write("hello\n".getBytes());
            client.stdin().flush();
            client.await("^hello$", WAIT);
            client.stdin().write("R\n".getBytes()); // s_client command: renegotiate
            client.stdin().flush();
            client.await("no renegotiation", WAIT);
            assertEquals("ECDHE-ECDSA-AES256-GCM-SHA384", sClient(server, "-tls1_2").cipher());
        }
    }
}
