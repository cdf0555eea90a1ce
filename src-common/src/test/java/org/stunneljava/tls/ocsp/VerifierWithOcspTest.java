package org.stunneljava.tls.ocsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.tls.AlertDescription;
import org.junit.jupiter.api.Test;
import org.stunneljava.config.OcspOptions;
import org.stunneljava.config.Verification;
import org.stunneljava.log.Severity;
import org.stunneljava.testkit.OcspPki;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.WithOcspResponder;
import org.stunneljava.tls.LogLine;
import org.stunneljava.tls.PeerRole;
import org.stunneljava.tls.PeerVerifier;
import org.stunneljava.tls.RevocationCheck;
import org.stunneljava.tls.TrustStore;
import org.stunneljava.tls.VerifyOutcome;
import org.stunneljava.tls.X509Error;

/**
 * OCSP inside the verify callback (stunnel's verify_checks): after the CERT checks of each depth, before the
 * acceptance line, with the error (and so the alert) OCSP chose. Server side: we verify a client's chain.
 */
class VerifierWithOcspTest extends WithOcspResponder {
    private static VerifyOutcome verify(String url, OcspPki.Holder client) {
        return verify(url, true, client);
    }

    private static VerifyOutcome verify(String url, boolean aia, OcspPki.Holder client) {
        TrustStore trust = new TrustStore(List.of(base.rootCert()));
        Verification v = new Verification(true, true, false, List.of(), List.of(), Optional.empty());
        OcspOptions options = new OcspOptions(Optional.of(url), aia, Set.of(), false, true, Duration.ofSeconds(5));
        return new PeerVerifier(v, trust, PeerRole.CLIENT, Clock.systemUTC(), RevocationCheck.NONE)
                .withOcsp(new PeerOcsp(options, true, false, trust, Duration.ofSeconds(30), Clock.systemUTC()))
                .verify(client.chain());
    }

    private static List<String> notices(VerifyOutcome o) {
        return o.log().stream().filter(l -> l.severity().level() <= Severity.WARNING.level())
                .map(LogLine::toString).toList();
    }

    @Test
    void EveryDepthButTheRootIsCheckedAndAccepted() {
        VerifyOutcome o = verify(responder.url(), pki.client());
        assertTrue(o.accepted());
        List<String> lines = o.log().stream().map(LogLine::toString).toList();
        int intermediateOk = lines.indexOf("LOG6: Certificate accepted at depth=1: CN=OCSP Test Intermediate CA, "
                + "O=stunnel-java tests");
        int leafOcsp = lines.indexOf("LOG5: OCSP: Connecting the configured responder \"" + responder.url() + "\"");
        int leafOk = lines.indexOf("LOG5: Certificate accepted at depth=0: CN=client");
        assertTrue(lines.indexOf("LOG7: OCSP: Ignoring the root certificate") >= 0, String.join("\n", lines));
        assertTrue(0 < intermediateOk && intermediateOk < leafOcsp && leafOcsp < leafOk, String.join("\n", lines));
        assertEquals(3, o.chain().size(), "the chain as built, root included");
    }

    @Test
    void ARevokedLeafIsRejectedByOcspWithCertificateRevoked() {
        VerifyOutcome o = verify(responder.url(), pki.revokedClient());
        assertFalse(o.accepted());
        assertEquals(X509Error.CERT_REVOKED, o.error());
        assertEquals(AlertDescription.certificate_revoked, o.alert());
        assertEquals(List.of("LOG3: OCSP: Certificate revoked: 1: keyCompromise", "LOG3: OCSP: Rejected (revoked)",
                "LOG4: Rejected by OCSP at depth=0: CN=client, OU=revoked"), notices(o));
    }

    @Test
    void NoAnswerIsAnApplicationVerificationFailureWithHandshakeFailure() throws IOException {
        VerifyOutcome o = verify("http://127.0.0.1:" + Ports.closed() + "/", false, pki.client());
        assertFalse(o.accepted());
        assertEquals(X509Error.APPLICATION_VERIFICATION, o.error());
        assertEquals(AlertDescription.handshake_failure, o.alert());
        assertTrue(notices(o).contains("LOG4: Rejected by OCSP at depth=0: CN=client"), notices(o)::toString);
    }
}
