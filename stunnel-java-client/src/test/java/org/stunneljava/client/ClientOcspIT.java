package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OcspPki;
import org.stunneljava.testkit.OurPrograms;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.WithOcspResponder;

/**
 * Our client program with OCSP against real servers and a responder on loopback: openssl s_server stapling a
 * response file (good, revoked; TLS 1.3 and 1.2), the real stunnel server (which does not staple) with our
 * {@code OCSP} responder checks for good, revoked and unknown certificates (stunnel's scenario 39), and the real
 * stunnel server checking our client certificate through its AIA responder (upstream test 272).
 */
class ClientOcspIT extends WithOcspResponder {
    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);

    private static ManagedProcess client(String name, int port, String extra) throws Exception {
        return OurPrograms.client(dir, "debug = debug", name, port, OurPrograms.verifyingLocalhost(base.caPem()) + extra);
    }

    private static Programs.OpensslServer stapling(OcspPki.Holder cert, String name, String... extra)
            throws Exception {
        Path status = Files.write(dir.resolve(name + ".der"),
                responder.responseFor(cert.cert(), pki.intermediate().cert()));
        String[] args = new String[extra.length + 4];
        args[0] = "-cert_chain";
        args[1] = cert.chainPem().toString();
        args[2] = "-status_file";
        args[3] = status.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return Programs.opensslServer(cert.certPem(), cert.keyPem(), args);
    }

    @Test
    void AGoodStatusStapledByOpensslIsAcceptedOverTls13AndTls12() throws Exception {
        for (String version : new String[] {"-tls1_3", "-tls1_2"}) {
            try (Programs.OpensslServer server = stapling(pki.server(), "good" + version, version);
                 ManagedProcess client = client("staple-good", server.port(), "")) {
                int port = client.awaitPort("staple-good", Programs.START);
                try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    s.getOutputStream().write("hello s_server\n".getBytes(StandardCharsets.US_ASCII));
                    server.process().await("^hello s_server$", Programs.START);
                }
                client.await("OCSP: OCSP stapling response received", Programs.START);
                client.await("LOG5\\[\\d+\\]: OCSP: Accepted \\(good\\)", Programs.START);
            }
        }
    }

    @Test
    void ARevokedStatusStapledByOpensslFailsTheHandshake() throws Exception {
        try (Programs.OpensslServer server = stapling(pki.revokedServer(), "revoked");
             ManagedProcess client = client("staple-revoked", server.port(), "")) {
            PlainClient.exchangeOrReset(client.awaitPort("staple-revoked", Programs.START), HELLO);
            client.await("LOG3\\[\\d+\\]: OCSP: Rejected \\(revoked\\)", Programs.START);
            client.await("SSL_connect: invalid status response", Programs.START);
        }
    }

    /** stunnel's scenario 39 with our client: the real stunnel server does not staple; our responder decides. */
    @Test
    void OurResponderChecksAgainstTheRealStunnelServer() throws Exception {
        try (ManagedProcess stunnel = Programs.stunnel(Confs.write(dir, "stunnel-servers.conf", """
                pid =
                connect = 127.0.0.1:%d
                [good]
                accept = 127.0.0.1:0
                cert = %s
                [revoked]
                accept = 127.0.0.1:0
                cert = %s
                [unknown]
                accept = 127.0.0.1:0
                cert = %s
                """.formatted(echo.port(), pki.server().pem(), pki.revokedServer().pem(),
                pki.unknownServer().pem())));
             ManagedProcess client = Programs.stunnelJava(Programs.Mode.CLIENT, Confs.write(dir, "ours.conf",
                     scenario39Clients(stunnel.awaitPort("good", Programs.START),
                             stunnel.awaitPort("revoked", Programs.START), stunnel.awaitPort("unknown", Programs.START))
                     + """
                     [to-unknown-lenient]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     OCSPrequire = no
                     """.formatted(stunnel.awaitPort("unknown", Programs.START))))) {
            client.await("Accepting new connections", Programs.START);
            assertArrayEquals(HELLO, PlainClient.exchange(client.awaitPort("to-good", Programs.START), HELLO));
            client.await("OCSP: Status: good", Programs.START);
            client.await("OCSP: Certificate accepted", Programs.START);
            client.await("OCSP: Accepted \\(good\\)", Programs.START);
            assertArrayEquals(new byte[0],
                    PlainClient.exchangeOrReset(client.awaitPort("to-revoked", Programs.START), HELLO));
            client.await("OCSP: Certificate revoked: 1: keyCompromise", Programs.START);
            client.await("OCSP: Rejected \\(revoked\\)", Programs.START);
            stunnel.await("SSL_accept: .*tlsv1 bad certificate status response", Programs.START);
            assertArrayEquals(new byte[0],
                    PlainClient.exchangeOrReset(client.awaitPort("to-unknown", Programs.START), HELLO));
            client.await("OCSP: Unknown verification status", Programs.START);
            client.await("OCSP: Rejected \\(OCSPrequire = yes\\)", Programs.START);
            assertArrayEquals(HELLO,
                    PlainClient.exchange(client.awaitPort("to-unknown-lenient", Programs.START), HELLO));
            client.await("OCSP: Accepted \\(OCSPrequire = no\\)", Programs.START);
        }
    }

    /** Upstream test 272: the real stunnel server checks our client certificate with OCSPaia. */
    @Test
    void TheRealStunnelServerChecksOurClientCertificateThroughItsAia() throws Exception {
        try (ManagedProcess stunnel = Programs.stunnel(Confs.write(dir, "stunnel-aia.conf", """
                pid =
                debug = debug
                [aia]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                verifyChain = yes
                CAfile = %s
                OCSPaia = yes
                """.formatted(echo.port(), base.serverPem(), base.caPem())));
             ManagedProcess good = client("with-good-cert", stunnel.awaitPort("aia", Programs.START),
                     "cert = " + pki.client().pem());
             ManagedProcess revoked = client("with-revoked-cert", stunnel.awaitPort("aia", Programs.START),
                     "cert = " + pki.revokedClient().pem())) {
            assertArrayEquals(HELLO, PlainClient.exchange(good.awaitPort("with-good-cert", Programs.START), HELLO));
            stunnel.await("OCSP: Connecting the AIA responder", Programs.START);
            stunnel.await("Certificate accepted at depth=0: CN=client", Programs.START);
            PlainClient.exchangeOrReset(revoked.awaitPort("with-revoked-cert", Programs.START), HELLO);
            stunnel.await("Rejected by OCSP at depth=0: CN=client, OU=revoked", Programs.START);
        }
    }
}
