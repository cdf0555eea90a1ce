package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OurPrograms;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * Our server program (the built jar) with real peers in front of it: openssl s_client and the real stunnel in
 * client mode. Half-close is checked in both directions: the peer's close_notify reaches the backend as EOF, and the
 * backend's EOF reaches the peer as close_notify.
 */
class ServerInteropIT {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
    }

    private static ManagedProcess startServer(String name, int backendPort, String extra) throws Exception {
        return OurPrograms.server(dir, name, backendPort, pki.serverPem(), extra);
    }

    private static ManagedProcess sClient(int port, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-verify_return_error"));
        args.addAll(List.of(extra));
        return Programs.opensslClient(port, pki.caPem(), args.toArray(String[]::new));
    }

    @Test
    void backendEofReachesOpensslClientAsCloseNotify() throws Exception {
        try (Backends backend = Backends.tag("backend1\n");
             ManagedProcess server = startServer("tag", backend.port(), "");
             ManagedProcess client = sClient(server.awaitPort("tag", Programs.START), "-ign_eof")) {
            client.await("^backend1$", Programs.START);
            client.await("^closed$", Programs.START); // s_client: SSL_ERROR_ZERO_RETURN, i.e. close_notify
            server.await("Connection closed: 0 byte\\(s\\) sent to TLS|Connection closed: \\d+ byte", Programs.START);
            assertEquals(0, client.awaitExit(Duration.ofSeconds(10)));
        }
    }

    @Test
    void opensslClientCloseNotifyReachesBackendAsEof() throws Exception {
        try (Backends backend = Backends.answerAfterEof("answer\n".getBytes());
             ManagedProcess server = startServer("eof", backend.port(), "");
             ManagedProcess client = sClient(server.awaitPort("eof", Programs.START))) {
            client.await("Verify return code: 0", Programs.START);
            client.stdin().write("request\n".getBytes());
            client.stdin().close(); // s_client then sends close_notify
            byte[] got = backend.received().poll(30, TimeUnit.SECONDS);
            assertEquals("request\n", got == null ? null : new String(got, StandardCharsets.US_ASCII));
            server.await("Connection closed: 7 byte\\(s\\) sent to TLS, 8 byte\\(s\\) sent to socket|"
                    + "Connection closed: 0 byte\\(s\\) sent to TLS, 8 byte\\(s\\) sent to socket", Programs.START);
        }
    }

    @Test
    void stunnelClientGetsTheWholeAnswerAfterHalfClosing() throws Exception {
        byte[] answer = new byte[300_000];
        new Random(7).nextBytes(answer);
        byte[] request = "GET /big\n".getBytes();
        try (Backends backend = Backends.answerAfterEof(answer);
             ManagedProcess server = startServer("big", backend.port(), "");
             ManagedProcess stunnel = Programs.stunnel(Confs.write(dir, "stunnel-client.conf", """
                     pid =
                     [c]
                     client = yes
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     verifyChain = yes
                     CAfile = %s
                     checkHost = localhost
                     """.formatted(server.awaitPort("big", Programs.START), pki.caPem())))) {
            int port = stunnel.awaitPort("c", Programs.START);
            byte[] got = PlainClient.exchange(port, request);
            assertArrayEquals(answer, got);
            assertArrayEquals(request, backend.received().poll(30, TimeUnit.SECONDS));
            stunnel.await("Certificate accepted at depth=0", Programs.START);
            server.await("Connection closed: " + answer.length + " byte\\(s\\) sent to TLS, " + request.length
                    + " byte\\(s\\) sent to socket", Programs.START);
        }
    }

    /**
     * TLS 1.3 KeyUpdate in both directions: openssl's {@code K} command updates its keys and asks for ours. The
     * record keys live in the JDK's AES-GCM while key derivation is Bouncy Castle's (HybridTlsCrypto), so data
     * after the update proves the two halves agree on the new keys.
     */
    @Test
    void dataFlowsBothWaysAfterAKeyUpdateRequestedByOpenssl() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = startServer("rekey", backend.port(), "");
             // no -ign_eof: s_client only takes command letters without it
             ManagedProcess client = sClient(server.awaitPort("rekey", Programs.START))) {
            client.await("Verify return code: 0", Programs.START);
            client.stdin().write("before\n".getBytes());
            client.stdin().flush();
            client.await("^before$", Programs.START);
            client.stdin().write("K\n".getBytes()); // s_client command: KeyUpdate, update_requested
            client.stdin().flush();
            client.await("^KEYUPDATE$", Programs.START);
            client.stdin().write("after\n".getBytes());
            client.stdin().flush();
            client.await("^after$", Programs.START);
        }
    }

    @Test
    void versionAndHelpExitZero() throws Exception {
        try (ManagedProcess version = Programs.stunnelJava(Programs.Mode.SERVER, null, "-version");
             ManagedProcess help = Programs.stunnelJava(Programs.Mode.SERVER, null, "-help")) {
            assertEquals(0, version.awaitExit(Programs.START));
            assertTrue(version.output().contains("stunnel-java"), version.output());
            assertEquals(0, help.awaitExit(Programs.START));
            assertTrue(help.output().contains("Usage: stunnel-java-server"), help.output());
        }
    }

    @Test
    void badConfigurationExitsOneBeforeBinding() throws Exception {
        Path conf = OurPrograms.serverConf(dir, "", "s", 9, pki.serverPem(), "client = maybe");
        String out = OurPrograms.refusedAtStartUp(Programs.Mode.SERVER, conf);
        assertTrue(out.contains("\"client = maybe\": The argument needs to be either 'yes' or 'no'"), out);
    }

    @Test
    void unusableCertificateFilesExitOneNamingTheFile() throws Exception {
        Path missing = dir.resolve("no-such-cert.pem");
        Path mismatched = dir.resolve("mismatch.pem");
        java.nio.file.Files.writeString(mismatched, java.nio.file.Files.readString(pki.server().certPem())
                + java.nio.file.Files.readString(pki.client().keyPem()));
        for (Path cert : List.of(missing, mismatched)) {
            Path conf = OurPrograms.serverConf(dir, "", "s", 9, cert, "");
            String out = OurPrograms.refusedAtStartUp(Programs.Mode.SERVER, conf);
            assertTrue(out.contains("[!] Service [s]: "), out);
            assertTrue(out.contains(" = \"" + cert + "\": "), out); // names the file
        }
    }
}
