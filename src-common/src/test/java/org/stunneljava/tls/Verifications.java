package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.stunneljava.config.Verification;
import org.stunneljava.log.Severity;

/**
 * What the PeerVerifier tests share: verifying a client's chain with the trust a {@link Verification} loads (as a
 * service does at start-up), and asserting an outcome by the lines a user sees (DEBUG left out) and the alert.
 */
final class Verifications {
    private Verifications() {
    }

    /** Loads the trust {@code v} names (CAfile, CApath, CRLfile, CRLpath) and verifies a client's chain with it. */
    static VerifyOutcome verify(Verification v, List<X509Certificate> chain) throws Exception {
        return verify(v, TrustLoader.load("s", v, new ArrayList<>()), chain);
    }

    /** Verifies a client's chain with trust loaded before (CApath and CRLpath are read at verification time). */
    static VerifyOutcome verify(Verification v, TrustLoader.Trust trust, List<X509Certificate> chain) {
        return new PeerVerifier(v, trust.store(), PeerRole.CLIENT, Clock.systemUTC(), trust.revocation())
                .verify(chain);
    }

    /** The lines logged at INFO and above, as {@code LOGn: text}. */
    static List<String> visible(VerifyOutcome o) {
        return o.log().stream().filter(l -> l.severity() != Severity.DEBUG).map(LogLine::toString).toList();
    }

    static void assertAccepted(VerifyOutcome o, String... lines) {
        assertEquals(List.of(lines), visible(o));
        assertTrue(o.accepted(), "accepted");
    }

    static void assertRejected(VerifyOutcome o, short alert, String... lines) {
        assertEquals(List.of(lines), visible(o));
        assertFalse(o.accepted(), "rejected");
        assertEquals(AlertDescription.getText(alert), AlertDescription.getText(o.alert()));
    }
}
