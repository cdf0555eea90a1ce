package org.stunneljava.tls;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of OpenSSL 3.0's {@code X509_verify_cert} (crypto/x509/x509_vfy.c) over a peer's chain, in the same
 * order of steps, so the verify callback sees the same calls stunnel's does: build the chain (trusted issuers
 * first) and report a trust failure at its top; check extensions, CA flags, purpose and path lengths from the
 * leaf up; revocation; then signatures and validity dates from the top down, with one success call per depth.
 * Each problem is passed to the callback, which may ignore it (return true) and let verification go on, as
 * stunnel's {@code verifyPeer} does for a missing issuer. Not reusable: one instance per verification.
 */
final class ChainValidation {
    /** OpenSSL's verify callback: {@code ok} is false for a problem, true for "this depth is fine". */
    interface Callback {
        boolean call(boolean ok, int depth, X509Certificate cert, ChainValidation ctx);
    }

    /** OpenSSL's default maximum depth (X509_VERIFY_PARAM depth -1 means 100). */
    private static final int MAX_DEPTH = 100;

    private final List<X509Certificate> peer;
    private final TrustStore trust;
    private final PeerRole role;
    private final Instant now;
    private final RevocationCheck revocation;
    private final Callback callback;
    private final List<X509Certificate> chain = new ArrayList<>();
    private int numUntrusted;
    private X509Error error = X509Error.OK;

    ChainValidation(List<X509Certificate> peer, TrustStore trust, PeerRole role, Instant now,
                    RevocationCheck revocation, Callback callback) {
        this.peer = List.copyOf(peer);
        this.trust = trust;
        this.role = role;
        this.now = now;
        this.revocation = revocation;
        this.callback = callback;
    }

    /** Runs the verification; true when it passed (possibly with ignored errors, see {@link #error()}). */
    boolean run() {
        boolean ok = buildChain() && checkExtensions() && checkRevocation() && internalVerify();
        if (!ok && error == X509Error.OK) {
            error = X509Error.UNSPECIFIED; // what X509_verify_cert does when a callback rejects silently
        }
        return ok;
    }

    /** The current error: the last one reported, kept even when the callback ignored it. */
    X509Error error() {
        return error;
    }

    /** stunnel's pin check sets CERT_REJECTED before rejecting. */
    void setError(X509Error error) {
        this.error = error;
    }

    /** The chain as built: leaf first, trust anchor (if found) last. */
    List<X509Certificate> chain() {
        return List.copyOf(chain);
    }

    private boolean fail(int depth, X509Error err) {
        error = err;
        return callback.call(false, depth, chain.get(depth), this);
    }

    private boolean buildChain() {
        List<X509Certificate> untrusted = new ArrayList<>(peer.subList(1, peer.size()));
        chain.add(peer.getFirst());
        numUntrusted = 1;
        boolean fromStore = false;
        while (chain.size() <= MAX_DEPTH + 1) {
            X509Certificate top = chain.getLast();
            if (CertFacts.selfSigned(top)) {
                return trustResult(fromStore || trust.containsExact(top));
            }
            X509Certificate issuer = trustedIssuer(top); // X509_V_FLAG_TRUSTED_FIRST, OpenSSL's default
            if (issuer != null) {
                chain.add(issuer);
                fromStore = true;
                continue;
            }
            issuer = fromStore ? null : untrustedIssuer(top, untrusted);
            if (issuer == null) {
                return trustResult(false);
            }
            untrusted.remove(issuer);
            chain.add(issuer);
            numUntrusted++;
        }
        return fail(chain.size() - 1, X509Error.CERT_CHAIN_TOO_LONG);
    }

    private boolean trustResult(boolean trusted) {
        int top = chain.size() - 1;
        if (trusted && CertFacts.selfSigned(chain.getLast())) {
            return true;
        }
        if (CertFacts.selfSigned(chain.getLast())) {
            return fail(top, top == 0 ? X509Error.DEPTH_ZERO_SELF_SIGNED_CERT : X509Error.SELF_SIGNED_CERT_IN_CHAIN);
        }
        return fail(top, numUntrusted < chain.size()
                ? X509Error.UNABLE_TO_GET_ISSUER_CERT : X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    }

    private X509Certificate trustedIssuer(X509Certificate cert) {
        X509Certificate any = null;
        for (X509Certificate c : trust.withSubject(cert.getIssuerX500Principal())) {
            if (CertFacts.issued(c, cert) && !chain.contains(c)) {
                if (timeError(c) == null) {
                    return c; // like OpenSSL's get_issuer: prefer a currently valid issuer
                }
                any = any == null ? c : any;
            }
        }
        return any;
    }

    private X509Certificate untrustedIssuer(X509Certificate cert, List<X509Certificate> untrusted) {
        for (X509Certificate c : untrusted) {
            if (CertFacts.issued(c, cert) && !chain.contains(c)) {
                return c;
            }
        }
        return null;
    }

    /** OpenSSL's check_extensions: leaf up, CA-ness, purpose, then path length. */
    private boolean checkExtensions() {
        int plen = 0;
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate x = chain.get(i);
            if (CertFacts.hasUnhandledCritical(x) && !fail(i, X509Error.UNHANDLED_CRITICAL_EXTENSION)) {
                return false;
            }
            if (i > 0 && !CertFacts.isCa(x) && !fail(i, X509Error.INVALID_CA)) {
                return false;
            }
            if (!CertFacts.purposeOk(x, role, i > 0) && !fail(i, X509Error.INVALID_PURPOSE)) {
                return false;
            }
            int maxPath = CertFacts.pathLength(x);
            if (i > 1 && maxPath != -1 && plen > maxPath + 1 && !fail(i, X509Error.PATH_LENGTH_EXCEEDED)) {
                return false;
            }
            if (i == 0 || !CanonicalName.same(x.getSubjectX500Principal(), x.getIssuerX500Principal())) {
                plen++; // self-issued CA certificates do not count (RFC 5280 6.1.4 (l))
            }
        }
        return true;
    }

    private boolean checkRevocation() {
        for (RevocationCheck.Finding f : revocation.check(chain(), now)) {
            if (!fail(f.depth(), f.error())) {
                return false;
            }
        }
        return true;
    }

    /** OpenSSL's internal_verify: from the top down, signature, dates, then a success call for the depth. */
    private boolean internalVerify() {
        int n = chain.size() - 1;
        X509Certificate issuer = chain.get(n);
        X509Certificate subject;
        if (CertFacts.selfSigned(issuer)) {
            subject = issuer; // a self-signed top's own signature is not checked (no CHECK_SS_SIGNATURE)
        } else if (n == 0) {
            if (!fail(0, X509Error.UNABLE_TO_VERIFY_LEAF_SIGNATURE)) {
                return false;
            }
            return checkTime(issuer, 0) && callback.call(true, 0, issuer, this);
        } else {
            n--; // an untrusted top without issuer: start with the certificate it signed
            subject = chain.get(n);
        }
        while (n >= 0) {
            if (subject != issuer && !checkSignature(subject, issuer, n)) {
                return false;
            }
            if (!checkTime(subject, n) || !callback.call(true, n, subject, this)) {
                return false;
            }
            if (--n >= 0) {
                issuer = subject;
                subject = chain.get(n);
            }
        }
        return true;
    }

    private boolean checkSignature(X509Certificate subject, X509Certificate issuer, int depth) {
        PublicKey key;
        try {
            key = issuer.getPublicKey();
        } catch (RuntimeException e) {
            return fail(depth, X509Error.UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY);
        }
        try {
            subject.verify(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return fail(depth, X509Error.CERT_SIGNATURE_FAILURE);
        }
    }

    private boolean checkTime(X509Certificate cert, int depth) {
        X509Error err = timeError(cert);
        return err == null || fail(depth, err);
    }

    /** X509_cmp_time: not yet valid when notBefore is after now; expired when notAfter is not after now. */
    private X509Error timeError(X509Certificate cert) {
        if (cert.getNotBefore().toInstant().isAfter(now)) {
            return X509Error.CERT_NOT_YET_VALID;
        }
        if (!cert.getNotAfter().toInstant().isAfter(now)) {
            return X509Error.CERT_HAS_EXPIRED;
        }
        return null;
    }
}
