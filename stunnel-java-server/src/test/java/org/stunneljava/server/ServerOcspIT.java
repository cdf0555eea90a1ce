package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OcspPki;
import org.stunneljava.testkit.OurPrograms;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.testkit.WithOcspResponder;

/**
 * Our server program with OCSP, against real peers and a responder on loopback: openssl s_client asking for the
 * stapled status (TLS 1.3 and 1.2), the real stunnel client checking our certificate through its OCSP option
 * (stunnel's scenario 39 and upstream tests 271-274, roles as there), and our server checking the client
 * certificates of openssl s_client through their AIA responders.
 */
class ServerOcspIT extends WithOcspResponder {
    /** Our server with {@code cert}; returns once its stapling fetch is cached when {@code stapled}. */
    private static ManagedProcess server(String name, Path cert, String extra, boolean stapled) throws Exception {
        ManagedProcess server = OurPrograms.server(dir, "debug = debug", name, echo.port(), cert, extra);
        if (stapled) {
            server.await("OCSP: Response cached", Programs.START);
        }
        return server;
    }

    private static ManagedProcess sClient(int port, String... extra) throws Exception {
        return Programs.opensslClient(port, base.caPem(), extra);
    }

    @Test
    void OpensslClientsGetTheStapledStatusOverTls13AndTls12() throws Exception {
        try (ManagedProcess server = server("staple", pki.server().pem(), "", true)) {
            int port = server.awaitPort("staple", Programs.START);
            for (String version : List.of("-tls1_3", "-tls1_2")) {
                try (ManagedProcess client = sClient(port, "-status", version)) {
                    client.await("OCSP Response Status: successful \\(0x0\\)", Programs.START);
                    client.await("Cert Status: good", Programs.START);
                    client.await("Verify return code: 0 \\(ok\\)", Programs.START);
                }
            }
            server.await("OCSP stapling: OCSP response sent back", Programs.START);
        }
    }

    @Test
    void ARevokedCertificateIsStapledAsRevoked() throws Exception {
        try (ManagedProcess server = server("staple-revoked", pki.revokedServer().pem(), "", true);
             ManagedProcess client = sClient(server.awaitPort("staple-revoked", Programs.START), "-status")) {
            client.await("Cert Status: revoked", Programs.START);
            client.await("Revocation Reason: keyCompromise", Programs.START);
        }
    }

    @Test
    void AClientThatDoesNotAskGetsNoStatus() throws Exception {
        try (ManagedProcess server = server("no-ask", pki.server().pem(), "", true);
             ManagedProcess client = sClient(server.awaitPort("no-ask", Programs.START), "-status")) {
            client.await("Cert Status: good", Programs.START);
        }
        try (ManagedProcess server = server("no-ask2", pki.server().pem(), "", true);
             ManagedProcess client = sClient(server.awaitPort("no-ask2", Programs.START))) {
            client.await("Verify return code: 0 \\(ok\\)", Programs.START);
            client.close();
            assertEquals(false, client.output().contains("OCSP response"), client.output());
        }
    }

    @Test
    void AnUnreachableResponderLeavesHandshakesUntouched() throws Exception {
        int closed = org.stunneljava.testkit.Ports.closed();
        OcspPki elsewhere = OcspPki.create(TestPki.create(dir.resolve("elsewhere")),
                "http://127.0.0.1:" + closed + "/ocsp");
        try (ManagedProcess server = server("unreachable", elsewhere.server().pem(), "", false)) {
            server.await("OCSP: No OCSP stapling response to send", Programs.START);
            try (ManagedProcess client = sClient(server.awaitPort("unreachable", Programs.START), "-status",
                    "-CAfile", elsewhere.base().caPem().toString())) {
                client.await("OCSP response: no response sent", Programs.START);
            }
        }
    }

    /** stunnel 5.68's scenario 39 with our server in the middle: its OCSP option against our certificates. */
    @Test
    void TheRealStunnelClientChecksOurCertificateWithItsResponder() throws Exception {
        try (ManagedProcess good = server("s-good", pki.server().pem(), "", false);
             ManagedProcess revoked = server("s-revoked", pki.revokedServer().pem(), "", false);
             ManagedProcess unknown = server("s-unknown", pki.unknownServer().pem(), "", false);
             ManagedProcess stunnel = Programs.stunnel(Confs.write(dir, "stunnel-ocsp-client.conf", "pid =\n"
                     + scenario39Clients(good.awaitPort("s-good", Programs.START),
                     revoked.awaitPort("s-revoked", Programs.START), unknown.awaitPort("s-unknown", Programs.START))))) {
            byte[] hello = "hello\n".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(hello, PlainClient.exchange(stunnel.awaitPort("to-good", Programs.START), hello));
            stunnel.await("OCSP: Status: good", Programs.START);
            stunnel.await("OCSP: Certificate accepted", Programs.START);
            PlainClient.exchangeOrReset(stunnel.awaitPort("to-revoked", Programs.START), hello);
            stunnel.await("OCSP: Certificate revoked", Programs.START);
            stunnel.await("Rejected by OCSP at depth=0: CN=localhost, OU=revoked", Programs.START);
            stunnel.await("TLS alert \\(write\\): fatal: certificate revoked", Programs.START);
            PlainClient.exchangeOrReset(stunnel.awaitPort("to-unknown", Programs.START), hello);
            stunnel.await("OCSP: Unknown verification status", Programs.START);
            stunnel.await("Rejected by OCSP at depth=0: CN=localhost, OU=unknown", Programs.START);
            stunnel.await("TLS alert \\(write\\): fatal: handshake failure", Programs.START);
            String requestLine = responder.requests().getFirst().requestLine();
            assertEquals("POST /ocsp HTTP/1.0", requestLine, "what stunnel sends, and what we send too");
        }
    }

    @Test
    void OurServerChecksOpensslClientCertificatesThroughTheirAia() throws Exception {
        String verify = "verifyChain = yes\nCAfile = " + base.caPem() + "\nOCSPaia = yes";
        try (ManagedProcess server = server("aia", base.serverPem(), verify, false)) {
            int port = server.awaitPort("aia", Programs.START);
            try (ManagedProcess good = sClient(port, "-cert", pki.client().certPem().toString(), "-key",
                    pki.client().keyPem().toString(), "-cert_chain", pki.client().chainPem().toString())) {
                good.stdin().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                good.stdin().flush();
                good.await("^hi$", Programs.START);
                server.await("Certificate accepted at depth=0: CN=client", Programs.START);
            }
            OcspPki.Holder r = pki.revokedClient();
            try (ManagedProcess revoked = sClient(port, "-cert", r.certPem().toString(), "-key",
                    r.keyPem().toString(), "-cert_chain", r.chainPem().toString())) {
                revoked.stdin().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                revoked.stdin().flush();
                revoked.await("alert certificate revoked", Programs.START);
                server.await("OCSP: Rejected \\(revoked\\)", Programs.START);
                server.await("Rejected by OCSP at depth=0: CN=client, OU=revoked", Programs.START);
            }
        }
    }
}
