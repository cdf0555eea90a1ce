package org.stunneljava.tls.ocsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.junit.jupiter.api.Test;
import org.stunneljava.config.OcspFlag;
import org.stunneljava.config.OcspOptions;
import org.stunneljava.testkit.WithOcspResponderPerTest;
import org.stunneljava.tls.LogLine;
import org.stunneljava.tls.TrustStore;
import org.stunneljava.tls.X509Error;
import org.stunneljava.testkit.OcspPki;
import org.stunneljava.testkit.OcspResponder;

/**
 * stunnel 5.75's OCSP flow (ocsp.c) against a real responder on loopback: what is asked, what each answer decides,
 * which lines are logged, and the failure paths (unreachable, timeouts, bad answers).
 */
class PeerOcspTest extends WithOcspResponderPerTest {
    private static final Duration BUSY = Duration.ofSeconds(30);

    TrustStore trust = new TrustStore(List.of(base.rootCert()));
    List<LogLine> log = new ArrayList<>();

    private static OcspOptions url(String url) {
        return new OcspOptions(Optional.of(url), false, Set.of(), false, true, Duration.ofSeconds(5));
    }

    private static OcspOptions aia() {
        return new OcspOptions(Optional.empty(), true, Set.of(), false, true, Duration.ofSeconds(5));
    }

    /** We are the TLS server checking a client's chain (no stapling, every depth in the verify callback). */
    private PeerOcsp server(OcspOptions options) {
        return new PeerOcsp(options, true, false, trust, BUSY, Clock.systemUTC());
    }

    private PeerOcsp client(OcspOptions options) {
        return new PeerOcsp(options, true, true, trust, BUSY, Clock.systemUTC());
    }

    private List<X509Certificate> built(OcspPki.Holder leaf) {
        return List.of(leaf.cert(), pki.intermediate().cert(), base.rootCert());
    }

    private String text() {
        return String.join("\n", log.stream().map(LogLine::toString).toList());
    }

    private void assertLogged(String... lines) {
        for (String l : lines) {
            assertTrue(log.stream().anyMatch(x -> x.toString().equals(l)), () -> "no \"" + l + "\" in\n" + text());
        }
    }

    @Test
    void GoodFromTheConfiguredResponderAcceptsWithStunnelsLines() {
        assertEquals(X509Error.OK, server(url(responder.url())).atDepth(0, built(pki.client()), log));
        assertLogged("LOG5: OCSP: Connecting the configured responder \"" + responder.url() + "\"",
                "LOG7: OCSP: Connected 127.0.0.1:" + port(), "LOG7: OCSP: Response received",
                "LOG6: OCSP: Status: good", "LOG5: OCSP: Certificate accepted", "LOG5: OCSP: Accepted (good)");
        String time = "\\d{4}\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d"; // stunnel 5.75's log_time format
        assertTrue(log.stream().anyMatch(l -> l.text().matches("OCSP: This update: " + time)), this::text);
        assertTrue(log.stream().anyMatch(l -> l.text().startsWith("OCSP: Next update: ")), this::text);
    }

    @Test
    void RequestsAreHttp10PostsWithStunnelsHeaders() throws Exception {
        server(url(responder.url())).atDepth(0, built(pki.client()), log);
        OcspResponder.HttpRequest r = responder.requests().getFirst();
        assertEquals("POST /ocsp HTTP/1.0", r.requestLine());
        assertEquals("127.0.0.1", r.header("Host"));
        assertEquals("stunnel", r.header("User-Agent"));
        assertEquals("application/ocsp-request", r.header("Content-Type"));
        OCSPReq req = new OCSPReq(r.body());
        assertEquals(1, req.getRequestList().length);
        assertEquals(pki.client().cert().getSerialNumber(), req.getRequestList()[0].getCertID().getSerialNumber());
        assertEquals(null, req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce), "no nonce by default");
    }

    @Test
    void RevokedRejectsWithCertificateRevoked() {
        assertEquals(X509Error.CERT_REVOKED, server(url(responder.url())).atDepth(0, built(pki.revokedClient()), log));
        assertLogged("LOG6: OCSP: Status: revoked", "LOG3: OCSP: Certificate revoked: 1: keyCompromise",
                "LOG3: OCSP: Rejected (revoked)");
        assertTrue(log.stream().anyMatch(l -> l.text().startsWith("OCSP: Revoked at: ")), this::text);
    }

    @Test
    void UnknownRejectsUnlessOcspRequireIsNo() {
        assertEquals(X509Error.APPLICATION_VERIFICATION,
                server(url(responder.url())).atDepth(0, built(pki.unknownServer()), log));
        assertLogged("LOG6: OCSP: Status: unknown", "LOG4: OCSP: Unknown verification status",
                "LOG3: OCSP: Rejected (OCSPrequire = yes)");
        log.clear();
        OcspOptions lenient = new OcspOptions(Optional.of(responder.url()), false, Set.of(), false, false,
                Duration.ofSeconds(5));
        assertEquals(X509Error.OK, server(lenient).atDepth(0, built(pki.unknownServer()), log));
        assertLogged("LOG5: OCSP: Accepted (OCSPrequire = no)");
    }

    @Test
    void AnUnreachableResponderIsNoAnswer() throws IOException {
        int closed = org.stunneljava.testkit.Ports.closed();
        String url = "http://127.0.0.1:" + closed + "/";
        assertEquals(X509Error.APPLICATION_VERIFICATION, server(url(url)).atDepth(0, built(pki.client()), log));
        assertLogged("LOG6: s_connect: connecting 127.0.0.1:" + closed,
                "LOG3: s_connect: connect 127.0.0.1:" + closed + ": Connection refused (111)",
                "LOG3: OCSP: Rejected (OCSPrequire = yes)");
        log.clear();
        OcspOptions lenient = new OcspOptions(Optional.of(url), false, Set.of(), false, false, Duration.ofSeconds(5));
        assertEquals(X509Error.OK, server(lenient).atDepth(0, built(pki.client()), log));
        assertLogged("LOG5: OCSP: Accepted (OCSPrequire = no)");
    }

    @Test
    void TimeoutOcspLimitsTheConnect() throws Exception {
        try (Blackhole hole = Blackhole.open()) {
            OcspOptions options = new OcspOptions(Optional.of("http://127.0.0.1:" + hole.port() + "/"), false,
                    Set.of(), false, true, Duration.ofSeconds(1));
            long start = System.nanoTime();
            assertEquals(X509Error.APPLICATION_VERIFICATION, server(options).atDepth(0, built(pki.client()), log));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofMillis(900)) >= 0 && took.compareTo(Duration.ofSeconds(4)) < 0,
                    "took " + took);
            assertLogged("LOG3: s_connect: s_poll_wait 127.0.0.1:" + hole.port() + ": TIMEOUTconnect exceeded");
        }
    }

    @Test
    void TimeoutBusyLimitsTheWaitForAnAnswer() {
        responder.misbehave(OcspResponder.Misbehaviour.SILENT);
        PeerOcsp check = new PeerOcsp(url(responder.url()), true, false, trust, Duration.ofSeconds(1),
                Clock.systemUTC());
        assertEquals(X509Error.APPLICATION_VERIFICATION, check.atDepth(0, built(pki.client()), log));
        assertLogged("LOG6: OCSP: s_poll_wait: TIMEOUTbusy exceeded", "LOG3: OCSP: Rejected (OCSPrequire = yes)");
    }

    @Test
    void TimeoutBusyLimitsTheWholeAnswerOfATricklingResponder() {
        responder.misbehave(OcspResponder.Misbehaviour.TRICKLE);
        PeerOcsp check = new PeerOcsp(url(responder.url()), true, false, trust, Duration.ofSeconds(1),
                Clock.systemUTC());
        // Without a limit on the whole answer the check never ends: fail instead of hanging the suite.
        assertEquals(X509Error.APPLICATION_VERIFICATION, org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                Duration.ofSeconds(30), () -> check.atDepth(0, built(pki.client()), log)));
        assertLogged("LOG6: OCSP: s_poll_wait: TIMEOUTbusy exceeded", "LOG3: OCSP: Rejected (OCSPrequire = yes)");
    }

    @Test
    void ABadSignatureIsNoAnswer() {
        responder.misbehave(OcspResponder.Misbehaviour.BAD_SIGNATURE);
        assertEquals(X509Error.APPLICATION_VERIFICATION,
                server(url(responder.url())).atDepth(0, built(pki.revokedClient()), log));
        assertLogged("LOG3: OCSP: OCSP_basic_verify: signature failure", "LOG3: OCSP: Rejected (OCSPrequire = yes)");
    }

    @Test
    void ResponderErrorsExpiredAnswersAndMissingNoncesAreNoAnswer() {
        responder.misbehave(OcspResponder.Misbehaviour.TRY_LATER);
        server(url(responder.url())).atDepth(0, built(pki.client()), log);
        assertLogged("LOG3: OCSP: OCSP responder error: 3: trylater");
        log.clear();
        responder.misbehave(OcspResponder.Misbehaviour.EXPIRED);
        assertEquals(X509Error.APPLICATION_VERIFICATION,
                server(url(responder.url())).atDepth(0, built(pki.client()), log));
        assertLogged("LOG6: OCSP: Status: good", "LOG3: OCSP: OCSP_check_validity: status expired",
                "LOG4: OCSP: Unknown verification status");
        log.clear();
        responder.misbehave(OcspResponder.Misbehaviour.NO_NONCE);
        OcspOptions nonce = new OcspOptions(Optional.of(responder.url()), false, Set.of(), true, true,
                Duration.ofSeconds(5));
        assertEquals(X509Error.APPLICATION_VERIFICATION, server(nonce).atDepth(0, built(pki.client()), log));
        assertLogged("LOG3: OCSP: Invalid or unsupported nonce");
    }

    @Test
    void OcspNonceIsSentAndItsEchoAccepted() throws Exception {
        OcspOptions nonce = new OcspOptions(Optional.of(responder.url()), false, Set.of(), true, true,
                Duration.ofSeconds(5));
        assertEquals(X509Error.OK, server(nonce).atDepth(0, built(pki.client()), log), this::text);
        OCSPReq req = new OCSPReq(responder.requests().getFirst().body());
        assertNotNull(req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
        assertEquals(18, req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets().length,
                "an OCTET STRING of 16 random bytes, as OpenSSL's OCSP_request_add1_nonce");
    }

    @Test
    void ADelegatedResponderNeedsTheOcspSigningUsage() {
        responder.delegate(pki.delegatedSigner());
        assertEquals(X509Error.OK, server(url(responder.url())).atDepth(0, built(pki.client()), log), this::text);
        log.clear();
        responder.delegate(pki.notASigner());
        assertEquals(X509Error.APPLICATION_VERIFICATION,
                server(url(responder.url())).atDepth(0, built(pki.client()), log));
        assertLogged("LOG3: OCSP: OCSP_basic_verify: missing ocspsigning usage");
    }

    @Test
    void AnUntrustedSignerFailsUnlessFlagsSaySo() {
        responder.delegate(pki.rogueSigner());
        assertEquals(X509Error.APPLICATION_VERIFICATION,
                server(url(responder.url())).atDepth(0, built(pki.client()), log));
        assertLogged("LOG3: OCSP: OCSP_basic_verify: certificate verify error (self-signed certificate)");
        log.clear();
        assertEquals(X509Error.OK, server(flags(OcspFlag.NOVERIFY)).atDepth(0, built(pki.client()), log), this::text);
        log.clear();
        assertEquals(X509Error.APPLICATION_VERIFICATION,
                server(flags(OcspFlag.NOINTERN)).atDepth(0, built(pki.client()), log));
        assertLogged("LOG3: OCSP: OCSP_basic_verify: signer certificate not found");
    }

    @Test
    void NoChainAndNoChecksFlags() {
        responder.delegate(pki.notASigner());
        assertEquals(X509Error.OK, server(flags(OcspFlag.NOCHECKS)).atDepth(0, built(pki.client()), log), this::text);
        log.clear();
        // The delegated signer's issuer (the intermediate) is only among the peer's certificates: NOCHAIN hides it.
        responder.delegate(pki.delegatedSigner());
        assertEquals(X509Error.APPLICATION_VERIFICATION,
                server(flags(OcspFlag.NOCHAIN)).atDepth(0, built(pki.client()), log));
        assertLogged("LOG3: OCSP: OCSP_basic_verify: certificate verify error"
                + " (unable to get local issuer certificate)");
    }

    @Test
    void NoSigsSkipsTheSignatureAndTrustOtherTrustsTheIssuerFromThePeer() {
        responder.misbehave(OcspResponder.Misbehaviour.BAD_SIGNATURE);
        assertEquals(X509Error.OK, server(flags(OcspFlag.NOSIGS)).atDepth(0, built(pki.client()), log), this::text);
        log.clear();
        responder.misbehave(OcspResponder.Misbehaviour.NONE);
        assertEquals(X509Error.OK, server(flags(OcspFlag.TRUSTOTHER)).atDepth(0, built(pki.client()), log), this::text);
    }

    private OcspOptions flags(OcspFlag... flags) {
        return new OcspOptions(Optional.of(responder.url()), false, EnumSet.of(flags[0], flags), false, true,
                Duration.ofSeconds(5));
    }

    @Test
    void AiaAsksEachDepthButTheRoot() {
        PeerOcsp check = server(aia());
        assertEquals(X509Error.OK, check.atDepth(2, built(pki.client()), log));
        assertLogged("LOG7: OCSP: Ignoring the root certificate");
        assertEquals(0, responder.requests().size());
        assertEquals(X509Error.OK, check.atDepth(1, built(pki.client()), log), this::text);
        assertLogged("LOG5: OCSP: Connecting the AIA responder \"" + responder.url() + "\"");
        assertEquals(1, responder.requests().size());
        assertEquals(X509Error.CERT_REVOKED, check.atDepth(0, built(pki.revokedClient()), log));
        assertEquals(2, responder.requests().size());
    }

    @Test
    void TheConfiguredResponderIsOnlyForThePeersOwnCertificate() {
        assertEquals(X509Error.OK, server(url(responder.url())).atDepth(1, built(pki.client()), log));
        assertEquals(0, responder.requests().size(), text());
    }

    @Test
    void WithoutAnAiaResponderNothingIsAskedAndTheCertificatePasses() {
        List<X509Certificate> chain = List.of(base.client().cert(), base.intermediateCert(), base.rootCert());
        assertEquals(X509Error.OK, server(aia()).atDepth(0, chain, log));
        assertLogged("LOG6: OCSP: No AIA responder URL");
        assertFalse(text().contains("Accepted"), text());
    }

    @Test
    void ATlsClientWaitsForTheStapledResponseAndPrefersIt() throws Exception {
        PeerOcsp check = client(url(responder.url()));
        assertEquals(X509Error.OK, check.atDepth(0, built(pki.server()), log));
        assertLogged("LOG7: OCSP: Waiting for OCSP stapling response");
        byte[] stapled = responder.responseFor(pki.server().cert(), pki.intermediate().cert());
        int before = responder.requests().size();
        assertTrue(check.afterVerification(built(pki.server()), stapled, log), this::text);
        assertLogged("LOG7: OCSP stapling: Client callback called", "LOG6: OCSP: OCSP stapling response received",
                "LOG5: OCSP: Accepted (good)");
        assertEquals(before, responder.requests().size(), "a conclusive stapled answer asks no responder");
    }

    @Test
    void AStapledRevokedStatusRejects() throws Exception {
        byte[] stapled = responder.responseFor(pki.revokedServer().cert(), pki.intermediate().cert());
        assertFalse(client(OcspOptions.DEFAULT).afterVerification(built(pki.revokedServer()), stapled, log));
        assertLogged("LOG3: OCSP: Rejected (revoked)");
    }

    @Test
    void WithoutStaplingOrRespondersAClientAccepts() {
        assertTrue(client(OcspOptions.DEFAULT).afterVerification(built(pki.server()), null, log));
        assertLogged("LOG3: OCSP: No OCSP stapling response received");
        assertFalse(text().contains("Accepted"), text());
    }

    @Test
    void AnInconclusiveStapledAnswerFallsBackToTheResponder() throws Exception {
        byte[] unknown = responder.responseFor(pki.unknownServer().cert(), pki.intermediate().cert());
        assertFalse(client(url(responder.url())).afterVerification(built(pki.unknownServer()), unknown, log));
        assertLogged("LOG6: OCSP: OCSP stapling response received",
                "LOG5: OCSP: Connecting the configured responder \"" + responder.url() + "\"",
                "LOG3: OCSP: Rejected (OCSPrequire = yes)");
        log.clear();
        assertTrue(client(OcspOptions.DEFAULT).afterVerification(built(pki.server()), new byte[] {1, 2, 3}, log));
        assertLogged("LOG3: OCSP: No OCSP response");
    }

    @Test
    void WithoutVerifyChainOcspIsDisabled() {
        PeerOcsp check = new PeerOcsp(url(responder.url()), false, true, trust, BUSY, Clock.systemUTC());
        assertEquals(X509Error.OK, check.atDepth(0, built(pki.revokedServer()), log));
        assertTrue(check.afterVerification(built(pki.revokedServer()), null, log));
        assertLogged("LOG6: OCSP: Certificate chain verification disabled");
        assertEquals(0, responder.requests().size());
    }

    @Test
    void UnusableUrlsAreLoggedAsStunnelDoes() {
        server(url("https://127.0.0.1/ocsp")).atDepth(0, built(pki.client()), log);
        assertLogged("LOG3: OCSP: TLS not supported for OCSP - an additional stunnel service needs to be defined");
        log.clear();
        server(url("ftp://127.0.0.1/ocsp")).atDepth(0, built(pki.client()), log);
        assertLogged("LOG3: OCSP: Failed to parse the OCSP URL", "LOG3: OCSP: Rejected (OCSPrequire = yes)");
    }

    private int port() {
        return Integer.parseInt(responder.url().replaceAll(".*:(\\d+)/.*", "$1"));
    }

    /**
     * A loopback port whose listen queue is full, so new connections hang in SYN_SENT (Linux drops the SYN)
     * until the connecting side gives up: how an unreachable host looks without leaving loopback.
     */
    record Blackhole(ServerSocket server, List<Socket> fillers) implements AutoCloseable {
        static Blackhole open() throws IOException {
            ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            List<Socket> fillers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 300);
                    fillers.add(s);
                } catch (SocketTimeoutException e) {
                    s.close();
                    return new Blackhole(server, fillers);
                }
            }
            throw new IllegalStateException("the listen queue never filled");
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) {
                s.close();
            }
            server.close();
        }
    }
}
