package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Programs;

/**
 * Our server program with pre-shared keys only (no certificate), with real peers: stunnel 5.68 in client mode
 * (its PSK callbacks through OpenSSL 3.0) and {@code openssl s_client -psk}, in TLS 1.2 and TLS 1.3. The suites
 * expected are the ones stunnel's own server negotiates with the same peers.
 */
class PskServerInteropIT {
    private static final String TEXT_KEY = "yJ3bqA9kfX2mWq7LpZ0sTn4RvC8dEh1G";
    private static final String HEX_KEY = "00112233445566778899aabbccddeeff";
    private static final byte[] HELLO = "hello psk\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws Exception {
        secrets("secrets.txt", "test1:" + TEXT_KEY + "\ntest2:" + HEX_KEY + "\n");
        secrets("psk1.txt", "test1:" + TEXT_KEY + "\n");
        secrets("wrong.txt", "test1:this-is-not-the-key-of-test1\n");
    }

    private static void secrets(String name, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(name), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static ManagedProcess startServer(String name, int backendPort) throws Exception {
        Path conf = Confs.write(dir, name + ".conf", """
                requireCert = yes
                [%s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                PSKsecrets = %s
                """.formatted(name, backendPort, dir.resolve("secrets.txt")));
        ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, conf);
        server.await("Accepting new connections", Programs.START);
        return server;
    }

    private static ManagedProcess stunnelClient(String name, int serverPort, String extra) throws Exception {
        return Programs.stunnel(Confs.write(dir, name + "-stunnel.conf", """
                pid =
                [c]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                %s
                """.formatted(serverPort, extra)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLSv1.3, TLS_AES_128_GCM_SHA256", "TLSv1.2, ECDHE-PSK-CHACHA20-POLY1305"})
    void stunnelClientWithTheKeyGetsThrough(String version, String suite) throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = startServer("s", backend.port());
             ManagedProcess stunnel = stunnelClient("good" + version, server.awaitPort("s", Programs.START),
                     "PSKsecrets = " + dir.resolve("psk1.txt") + "\nsslVersion = " + version)) {
            assertArrayEquals(HELLO, PlainClient.exchange(stunnel.awaitPort("c", Programs.START), HELLO));
            server.await("Key configured for PSK identity \"test1\"", Programs.START);
            server.await("TLS accepted: new session negotiated", Programs.START);
            server.await(version + " ciphersuite: " + suite, Programs.START);
            stunnel.await("PSK client configured for identity \"test1\"", Programs.START);
            stunnel.await(version + " ciphersuite: " + suite, Programs.START);
        }
    }

    @Test
    void stunnelClientWithAWrongKeyIsRefused() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = startServer("s", backend.port());
             ManagedProcess stunnel = stunnelClient("wrong", server.awaitPort("s", Programs.START),
                     "PSKsecrets = " + dir.resolve("wrong.txt"))) {
            assertEquals(0, PlainClient.exchangeOrReset(stunnel.awaitPort("c", Programs.START), HELLO).length);
            server.await("Key configured for PSK identity \"test1\"", Programs.START);
            server.await("SSL_accept: binder does not verify", Programs.START);
            stunnel.await("SSL_connect: .*alert decrypt error", Programs.START);
        }
    }

    /** {@code openssl s_client -psk} takes the key in hex, as stunnel's file may. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"-tls1_3, TLS_CHACHA20_POLY1305_SHA256", "-tls1_2, ECDHE-PSK-CHACHA20-POLY1305"})
    void opensslClientWithAHexKey(String version, String suite) throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = startServer("s", backend.port());
             ManagedProcess client = sClient(server.awaitPort("s", Programs.START), version, "test2", HEX_KEY)) {
            client.await("Cipher is " + suite, Programs.START);
            client.stdin().write(HELLO);
            client.stdin().flush();
            client.await("^hello psk$", Programs.START);
            server.await("Key configured for PSK identity \"test2\"", Programs.START);
        }
    }

    /**
     * A key share for a group the server does not take (ffdhe2048 is not in stunnel's default curves) makes it ask
     * again for X25519: the second ClientHello carries the key again with a new binder, checked again. (A share
     * for any group of {@code curves} is taken as it is, as OpenSSL takes it: no second ClientHello then.)
     */
    @Test
    void opensslClientKeyAfterAHelloRetryRequest() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = startServer("s", backend.port());
             ManagedProcess client = sClient(server.awaitPort("s", Programs.START), "-tls1_3", "test2", HEX_KEY,
                     "-groups", "ffdhe2048:X25519")) {
            client.await("Cipher is TLS_CHACHA20_POLY1305_SHA256", Programs.START);
            client.stdin().write(HELLO);
            client.stdin().flush();
            client.await("^hello psk$", Programs.START);
            assertEquals(2, server.lines().stream().filter(l -> l.contains("Key configured for PSK identity")).count(),
                    "one look-up per ClientHello, as OpenSSL calls stunnel's callback");
        }
    }

    @Test
    void opensslClientWithAnUnknownIdentityGetsStunnelsAlertInTls12() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = startServer("s", backend.port());
             ManagedProcess client = sClient(server.awaitPort("s", Programs.START), "-tls1_2", "nobody", HEX_KEY)) {
            // the alert, unless s_client was still writing its flight when our close arrived
            client.await("alert unknown psk identity|errno=(32|104)", Programs.START);
            server.await("PSK identity not found \\(session resumption\\?\\)", Programs.START);
        }
    }

    /**
     * A PSK-only service resumes a TLS 1.2 session by ticket (s_client offers one by default) instead of failing:
     * it has no certificate of its own to put in the resumed session.
     */
    @Test
    void opensslClientResumesAPskSessionByTicket() throws Exception {
        Path session = dir.resolve("psk12.sess");
        try (Backends backend = Backends.echo(); ManagedProcess server = startServer("s", backend.port())) {
            int port = server.awaitPort("s", Programs.START);
            for (String sessionFlag : List.of("-sess_out", "-sess_in")) {
                try (ManagedProcess client = sClient(port, "-tls1_2", "test2", HEX_KEY, sessionFlag,
                        session.toString())) {
                    client.await(sessionFlag.equals("-sess_out") ? "^New, " : "^Reused, ", Programs.START);
                    client.stdin().write(HELLO);
                    client.stdin().flush();
                    client.await("^hello psk$", Programs.START);
                }
            }
            server.await("TLS accepted: previous session reused", Programs.START);
        }
    }

    /**
     * After an SNI switch a TLS 1.2 client's identity is looked up in the virtual service's keys, not the primary's
     * (stunnel's callback reads the switched section): the virtual service's identity gets through to its
     * backend, the primary's is refused there.
     */
    @Test
    void aVirtualServiceAnswersWithItsOwnKeys() throws Exception {
        secrets("primary.txt", "test1:" + TEXT_KEY + "\n");
        secrets("virtual.txt", "test3:" + HEX_KEY + "\n");
        try (Backends primary = Backends.tag("primary"); Backends virtual = Backends.echo();
             ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, Confs.write(dir, "sni-psk.conf", """
                     [p]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     PSKsecrets = %s
                     [v]
                     sni = p:v.example.com
                     connect = 127.0.0.1:%d
                     PSKsecrets = %s
                     """.formatted(primary.port(), dir.resolve("primary.txt"), virtual.port(),
                     dir.resolve("virtual.txt"))))) {
            int port = server.awaitPort("p", Programs.START);
            try (ManagedProcess client = sClient(port, "-tls1_2", "test3", HEX_KEY, "-servername", "v.example.com")) {
                client.await("Cipher is ", Programs.START);
                client.stdin().write(HELLO);
                client.stdin().flush();
                client.await("^hello psk$", Programs.START);
            }
            server.await("Key configured for PSK identity \"test3\"", Programs.START);
            String primaryKeyHex = java.util.HexFormat.of().formatHex(TEXT_KEY.getBytes(StandardCharsets.US_ASCII));
            try (ManagedProcess client = sClient(port, "-tls1_2", "test1", primaryKeyHex, "-servername",
                    "v.example.com")) {
                client.await("alert unknown psk identity|errno=(32|104)", Programs.START);
            }
            server.await("PSK identity not found \\(session resumption\\?\\)", Programs.START);
        }
    }

    private static ManagedProcess sClient(int port, String version, String identity, String hexKey,
                                          String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Capabilities.command("openssl").toString(), "s_client",
                "-connect", "127.0.0.1:" + port, version, "-psk_identity", identity, "-psk", hexKey));
        cmd.addAll(List.of(extra));
        return ManagedProcess.start("s_client", cmd);
    }
}
