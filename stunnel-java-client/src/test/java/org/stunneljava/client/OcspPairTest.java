package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stunneljava.log.Severity;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.OcspPki;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.WithOcspResponder;

/**
 * OCSP over real sockets between our two modes, in-process, with a responder on loopback: the server staples its
 * certificate's status and the client judges it (TLS 1.3 and 1.2); the client asks a configured responder; the
 * server checks client certificates through their AIA responders; unreachable responders and OCSPrequire.
 */
class OcspPairTest extends WithOcspResponder {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] HELLO = "hello ocsp\n".getBytes(StandardCharsets.US_ASCII);

    /** The responder also answers for the base PKI's intermediate: its server is good, its wrong-host leaf revoked. */
    @BeforeAll
    static void answerForTheBasePki() {
        responder.authority(base.intermediateIssuer()).good(base.server().cert()).revoked(base.wrongHost().cert());
    }

    /** A server service; returns once its stapling fetch finished when its certificate names a responder. */
    private static InProcessService server(String name, Path cert, String extra, boolean awaitStapling)
            throws Exception {
        RecordingLog serviceLog = new RecordingLog("main", Severity.DEBUG);
        InProcessService server = Tunnels.server(ServiceConfigs.load(dir, name, """
                [%s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                %s
                """.formatted(name, echo.port(), cert, extra)), serviceLog);
        if (awaitStapling) {
            Poll.until(() -> serviceLog.contains("OCSP: Response cached"), WAIT,
                    () -> "stapling fetch; service log:\n" + String.join("\n", serviceLog.lines()));
        }
        return server;
    }

    private static InProcessService client(String name, int serverPort, String extra) throws Exception {
        return Tunnels.client(ServiceConfigs.load(dir, name, """
                [%s]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                verifyChain = yes
                CAfile = %s
                checkHost = localhost
                %s
                """.formatted(name, serverPort, base.caPem(), extra)));
    }

    @Test
    void AStapledGoodStatusIsAcceptedOverTls13AndTls12() throws Exception {
        try (InProcessService server = server("staple-good", pki.server().pem(), "", true);
             InProcessService client13 = client("staple-good-13", server.port(), "");
             InProcessService client12 = client("staple-good-12", server.port(), "sslVersion = TLSv1.2")) {
            for (InProcessService client : new InProcessService[] {client13, client12}) {
                assertArrayEquals(HELLO, PlainClient.exchange(client.port(), HELLO));
                client.awaitLine("OCSP: OCSP stapling response received", WAIT);
                client.awaitLine("LOG6[test]: OCSP: Status: good", WAIT);
                client.awaitLine("LOG5[test]: OCSP: Accepted (good)", WAIT);
            }
            client12.awaitLine("TLSv1.2 ciphersuite", WAIT);
            client13.awaitLine("TLSv1.3 ciphersuite", WAIT);
            server.awaitLine("OCSP stapling: OCSP response sent back", WAIT);
        }
    }

    @Test
    void AStapledRevokedStatusFailsTheHandshakeAsOpensslsStatusCallback() throws Exception {
        try (InProcessService server = server("staple-revoked", pki.revokedServer().pem(), "", true);
             InProcessService client = client("staple-revoked-c", server.port(), "")) {
            assertArrayEquals(new byte[0], PlainClient.exchangeOrReset(client.port(), HELLO));
            client.awaitLine("LOG3[test]: OCSP: Rejected (revoked)", WAIT);
            client.awaitLine("LOG3[test]: SSL_connect: invalid status response", WAIT);
            server.awaitLine("SSL_accept: tlsv1 bad certificate status response", WAIT);
            assertFalse(client.lines().stream().anyMatch(l -> l.contains("Rejected by OCSP")),
                    "the server's own certificate is judged after verification, as in stunnel 5.75");
        }
    }

    @Test
    void TheConfiguredResponderDecidesWhenNothingIsStapled() throws Exception {
        String url = "OCSP = " + responder.url();
        try (InProcessService good = server("url-good", base.serverPem(), "", false);
             InProcessService revoked = server("url-revoked", base.wrongHostPem(), "", false);
             InProcessService toGood = client("url-good-c", good.port(), url);
             InProcessService toRevoked = Tunnels.client(ServiceConfigs.load(dir, "url-revoked-c", """
                     [url-revoked-c]
                     client = yes
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     verifyChain = yes
                     CAfile = %s
                     %s
                     """.formatted(revoked.port(), base.caPem(), url)))) {
            assertArrayEquals(HELLO, PlainClient.exchange(toGood.port(), HELLO));
            toGood.awaitLine("LOG3[test]: OCSP: No OCSP stapling response received", WAIT);
            toGood.awaitLine("OCSP: Connecting the configured responder \"" + responder.url() + "\"", WAIT);
            toGood.awaitLine("OCSP: Accepted (good)", WAIT);
            assertArrayEquals(new byte[0], PlainClient.exchangeOrReset(toRevoked.port(), HELLO));
            toRevoked.awaitLine("OCSP: Rejected (revoked)", WAIT);
        }
    }

    @Test
    void TheServerChecksClientCertificatesThroughTheirAiaResponders() throws Exception {
        try (InProcessService server = server("aia-server", base.serverPem(),
                "verifyChain = yes\nCAfile = " + base.caPem() + "\nOCSPaia = yes", false);
             InProcessService good = client("aia-good", server.port(), "cert = " + pki.client().pem());
             InProcessService revoked = client("aia-revoked", server.port(), "cert = " + pki.revokedClient().pem())) {
            assertArrayEquals(HELLO, PlainClient.exchange(good.port(), HELLO));
            server.awaitLine("LOG5[test]: Certificate accepted at depth=0: CN=client", WAIT);
            assertEquals(2, server.lines().stream().filter(l -> l.contains("OCSP: Accepted (good)")).count(),
                    "the intermediate and the client: " + String.join("\n", server.lines()));
            assertArrayEquals(new byte[0], PlainClient.exchangeOrReset(revoked.port(), HELLO));
            server.awaitLine("LOG4[test]: Rejected by OCSP at depth=0: CN=client, OU=revoked", WAIT);
            server.awaitLine("SSL_accept: certificate verify failed", WAIT);
            revoked.awaitLine("Connection reset", WAIT); // the alert itself is asserted against openssl s_client
        }
    }

    @Test
    void AnUnreachableResponderRejectsUnlessOcspRequireIsNo() throws Exception {
        String unreachable = "verifyChain = yes\nCAfile = " + base.caPem() + "\nOCSP = http://127.0.0.1:"
                + Ports.closed() + "/";
        try (InProcessService strict = server("unreachable-strict", base.serverPem(), unreachable, false);
             InProcessService lenient = server("unreachable-lenient", base.serverPem(),
                     unreachable + "\nOCSPrequire = no", false);
             InProcessService toStrict = client("to-strict", strict.port(), "cert = " + pki.client().pem());
             InProcessService toLenient = client("to-lenient", lenient.port(), "cert = " + pki.client().pem())) {
            assertArrayEquals(new byte[0], PlainClient.exchangeOrReset(toStrict.port(), HELLO));
            strict.awaitLine("LOG3[test]: OCSP: Rejected (OCSPrequire = yes)", WAIT);
            strict.awaitLine("Rejected by OCSP at depth=0: CN=client", WAIT);
            toStrict.awaitLine("Connection reset", WAIT);
            assertArrayEquals(HELLO, PlainClient.exchange(toLenient.port(), HELLO));
            lenient.awaitLine("LOG5[test]: OCSP: Accepted (OCSPrequire = no)", WAIT);
        }
    }
}
