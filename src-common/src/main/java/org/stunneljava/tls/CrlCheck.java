package org.stunneljava.tls;

import java.security.PublicKey;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * CRL checking as stunnel 5.68 gets it from OpenSSL 3.0 when {@code CRLfile} or {@code CRLpath} is set: stunnel
 * sets {@code X509_V_FLAG_CRL_CHECK} alone (src/verify.c, init_crl), not {@code CRL_CHECK_ALL}, so only the peer's
 * own certificate (depth 0) is checked, against a CRL of its issuer; the intermediate and root CAs are not.
 * Re-states {@code check_cert}, {@code get_crl_score}, {@code check_crl} and {@code cert_crl} of
 * crypto/x509/x509_vfy.c: score every candidate CRL (issuer name, no unhandled critical extension, current, its
 * AKID pointing at the certificate's issuer, in scope), take the best (the newest among equals), then report its
 * problems in OpenSSL's order. No usable CRL at all is "unable to get certificate CRL". Delta CRLs and CRLs signed
 * by another certificate of the same name ({@code CRL_SCORE_SAME_PATH}) are not looked for; stunnel does not ask
 * OpenSSL for extended CRL support, so indirect and reason-partitioned CRLs are never used, as in OpenSSL.
 * Thread-safe.
 */
final class CrlCheck implements RevocationCheck {
    private static final int NOCRITICAL = 0x100;
    private static final int SCOPE = 0x080;
    private static final int TIME = 0x040;
    private static final int ISSUER_NAME = 0x020;
    private static final int ISSUER_CERT = 0x018;
    private static final int AKID = 0x004;
    private static final int KEY_USAGE_CRL_SIGN = 6;

    private final CrlStore store;

    CrlCheck(CrlStore store) {
        this.store = store;
    }

    /** A candidate CRL with its score, the certificate that signed it, and the reasons it covers. */
    private record Scored(X509CRL crl, int score, X509Certificate issuer, int reasons) {
    }

    @Override
    public List<Finding> check(List<X509Certificate> chain, Instant now) {
        List<Finding> findings = new ArrayList<>();
        X509Certificate cert = chain.getFirst();
        List<X509CRL> candidates = store.issuedBy(CanonicalName.of(cert.getIssuerX500Principal()));
        int reasons = 0;
        while (reasons != CrlScope.ALL_REASONS) {
            Scored best = best(candidates, chain, reasons, now);
            if (best == null) {
                findings.add(new Finding(0, X509Error.UNABLE_TO_GET_CRL));
                return findings;
            }
            checkCrl(best, now, findings);
            certCrl(best.crl(), cert, findings);
            if (best.reasons() == reasons) {
                findings.add(new Finding(0, X509Error.UNABLE_TO_GET_CRL)); // no progress: OpenSSL gives up
                return findings;
            }
            reasons = best.reasons();
        }
        return findings;
    }

    /** get_crl_sk: the highest non-zero score; among equal scores the CRL issued last. */
    private static Scored best(List<X509CRL> candidates, List<X509Certificate> chain, int reasons, Instant now) {
        Scored best = null;
        for (X509CRL crl : candidates) {
            Scored s = score(crl, chain, reasons, now);
            if (s == null || (best != null && s.score() < best.score())) {
                continue;
            }
            if (best != null && s.score() == best.score() && !crl.getThisUpdate().after(best.crl().getThisUpdate())) {
                continue;
            }
            best = s;
        }
        return best;
    }

    /** get_crl_score for the certificate at depth 0; null for a CRL OpenSSL would not consider (score 0). */
    private static Scored score(X509CRL crl, List<X509Certificate> chain, int reasons, Instant now) {
        CrlScope.Idp idp = CrlScope.idp(crl);
        if (idp.invalid() || idp.needsExtended()) {
            return null;
        }
        X509Certificate cert = chain.getFirst();
        if (!CanonicalName.same(cert.getIssuerX500Principal(), crl.getIssuerX500Principal())) {
            return null; // only an indirect CRL may have another issuer
        }
        int score = ISSUER_NAME;
        if (!CrlScope.unhandledCritical(crl)) {
            score |= NOCRITICAL;
        }
        if (timeError(crl, now) == null) {
            score |= TIME;
        }
        X509Certificate issuer = chain.get(chain.size() > 1 ? 1 : 0); // the next one up, or the top itself
        if (!CrlScope.akidPointsAt(crl, issuer)) {
            return null; // crl_akid_check found no certificate to check the CRL with
        }
        score |= AKID | ISSUER_CERT;
        int covered = CrlScope.coveredReasons(cert, crl, idp, true);
        if (covered >= 0) {
            if ((covered & ~reasons) == 0) {
                return null; // nothing new
            }
            reasons |= covered;
            score |= SCOPE;
        }
        return new Scored(crl, score, issuer, reasons);
    }

    /** check_crl: the signer may sign CRLs, the scope, the dates, the signature. */
    private static void checkCrl(Scored s, Instant now, List<Finding> findings) {
        boolean[] ku = s.issuer().getKeyUsage();
        if (ku != null && !ku[KEY_USAGE_CRL_SIGN]) {
            findings.add(new Finding(0, X509Error.KEYUSAGE_NO_CRL_SIGN));
        }
        if ((s.score() & SCOPE) == 0) {
            findings.add(new Finding(0, X509Error.DIFFERENT_CRL_SCOPE));
        }
        if ((s.score() & TIME) == 0) {
            if (s.crl().getThisUpdate().toInstant().isAfter(now)) {
                findings.add(new Finding(0, X509Error.CRL_NOT_YET_VALID));
            }
            if (s.crl().getNextUpdate() != null && !s.crl().getNextUpdate().toInstant().isAfter(now)) {
                findings.add(new Finding(0, X509Error.CRL_HAS_EXPIRED));
            }
        }
        PublicKey key;
        try {
            key = s.issuer().getPublicKey();
        } catch (RuntimeException e) {
            findings.add(new Finding(0, X509Error.UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY));
            return;
        }
        try {
            s.crl().verify(key);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            findings.add(new Finding(0, X509Error.CRL_SIGNATURE_FAILURE));
        }
    }

    /** cert_crl: an unhandled critical extension, then the certificate's serial among the revoked. */
    private static void certCrl(X509CRL crl, X509Certificate cert, List<Finding> findings) {
        if (CrlScope.unhandledCritical(crl)) {
            findings.add(new Finding(0, X509Error.UNHANDLED_CRITICAL_CRL_EXTENSION));
        }
        X509CRLEntry entry = crl.getRevokedCertificate(cert);
        if (entry != null && entry.getRevocationReason() != CRLReason.REMOVE_FROM_CRL) {
            findings.add(new Finding(0, X509Error.CERT_REVOKED));
        }
    }

    /** check_crl_time: not yet valid when lastUpdate is after now; expired when nextUpdate is not after now. */
    private static X509Error timeError(X509CRL crl, Instant now) {
        if (crl.getThisUpdate().toInstant().isAfter(now)) {
            return X509Error.CRL_NOT_YET_VALID;
        }
        if (crl.getNextUpdate() != null && !crl.getNextUpdate().toInstant().isAfter(now)) {
            return X509Error.CRL_HAS_EXPIRED;
        }
        return null;
    }
}
