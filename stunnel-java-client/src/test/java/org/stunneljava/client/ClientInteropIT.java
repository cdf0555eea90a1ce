package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
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
 * Our client program (the built jar) in front of real TLS servers: openssl s_server and the real stunnel in server
 * mode, with verification on, and half-close in both directions.
 */
class ClientInteropIT {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
    }

    private static ManagedProcess startClient(String name, int remotePort, String extra) throws Exception {
        return OurPrograms.client(dir, name, remotePort, extra);
    }

    private static String verifying() {
        return OurPrograms.verifyingLocalhost(pki.caPem());
    }

    @Test
    void halfCloseReachesOpensslServerAsCloseNotify() throws Exception {
        try (Programs.OpensslServer server = Programs.opensslServer(pki.server().certPem(), pki.server().keyPem(),
                "-cert_chain", pki.intermediatePem().toString());
             ManagedProcess client = startClient("to-s-server", server.port(), verifying())) {
            int port = client.awaitPort("to-s-server", Programs.START);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write("hello s_server\n".getBytes());
                s.shutdownOutput();
                server.process().await("^hello s_server$", Programs.START);
                server.process().await("^DONE$", Programs.START); // s_server: SSL_ERROR_ZERO_RETURN = close_notify
            }
            client.await("Certificate accepted at depth=0: CN=localhost", Programs.START);
        }
    }

    @Test
    void stunnelServerAnswerArrivesAfterOurHalfClose() throws Exception {
        byte[] answer = new byte[400_000];
        new Random(11).nextBytes(answer);
        byte[] request = "request body\n".getBytes();
        try (Backends backend = Backends.answerAfterEof(answer);
             ManagedProcess stunnel = Programs.stunnel(Confs.write(dir, "stunnel-server.conf", """
                     pid =
                     [s]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     cert = %s
                     """.formatted(backend.port(), pki.serverPem())));
             ManagedProcess client = startClient("to-stunnel", stunnel.awaitPort("s", Programs.START),
                     verifying())) {
            byte[] got = PlainClient.exchange(client.awaitPort("to-stunnel", Programs.START), request);
            assertArrayEquals(answer, got);
            assertArrayEquals(request, backend.received().poll(30, TimeUnit.SECONDS));
            client.await("Connection closed: " + request.length + " byte\\(s\\) sent to TLS, " + answer.length
                    + " byte\\(s\\) sent to socket", Programs.START);
        }
    }

    @Test
    void wrongHostIsRejectedWithStunnelsLines() throws Exception {
        try (Programs.OpensslServer server = Programs.opensslServer(pki.wrongHost().certPem(),
                pki.wrongHost().keyPem(), "-cert_chain", pki.intermediatePem().toString());
             ManagedProcess client = startClient("wrong-host", server.port(), verifying())) {
            int port = client.awaitPort("wrong-host", Programs.START);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write("x".getBytes());
                assertEquals(-1, readOrReset(s));
            }
            client.await("CERT: Subject checks failed", Programs.START);
            client.await("Rejected by CERT at depth=0", Programs.START);
            client.await("Connection closed/reset: 0 byte\\(s\\) sent to TLS, 0 byte\\(s\\) sent to socket",
                    Programs.START);
        }
    }

    @Test
    void unverifiedClientWarnsAboutMitmAtStartup() throws Exception {
        try (Programs.OpensslServer server = Programs.opensslServer(pki.unknown().chainPem(), pki.unknown().keyPem());
             ManagedProcess client = startClient("no-verify", server.port(), "")) {
            client.await("Service \\[no-verify\\] needs authentication to prevent MITM attacks", Programs.START);
            int port = client.awaitPort("no-verify", Programs.START);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write("anyone\n".getBytes());
                server.process().await("^anyone$", Programs.START);
            }
        }
    }

    /** A reset connection is what stunnel's plain client sees after a failed verification. */
    private static int readOrReset(Socket s) {
        try {
            return s.getInputStream().read();
        } catch (IOException e) {
            assertTrue(e.getMessage().toLowerCase().contains("reset"), e.toString());
            return -1;
        }
    }
}
