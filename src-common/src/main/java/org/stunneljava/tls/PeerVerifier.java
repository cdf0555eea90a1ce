package org.stunneljava.tls;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.stunneljava.config.Verification;
import org.stunneljava.log.Severity;

/**
 * Decides whether a peer's certificate chain is accepted, exactly as stunnel 5.68 on OpenSSL 3.0 does:
 * OpenSSL's chain verification ({@link ChainValidation}) drives stunnel's verify callback (src/verify.c,
 * re-stated here): {@code verifyChain} rejects on any pre-verification error (CRL findings included); without it
 * ({@code verifyPeer} only) a missing issuer is ignored; at depth 0 the subject checks ({@code checkHost},
 * {@code checkEmail}, {@code checkIP}, any-of) run, then the {@code verifyPeer} pin (same subject and public key
 * as a certificate of CAfile or CApath). Every decision is
 * logged with stunnel's phrase and level. {@code requireCert} (no certificate at all) is the handshake's
 * business. Immutable and thread-safe: build one per service and {@link TlsMaterial} snapshot.
 */
public final class PeerVerifier {
    private final Verification verification;
    private final TrustStore trust;
    private final PeerRole peerRole;
    private final Clock clock;
    private final RevocationCheck revocation;
    private final OcspCheck ocsp;

    public PeerVerifier(Verification verification, TrustStore trust, PeerRole peerRole, Clock clock,
                        RevocationCheck revocation) {
        this(verification, trust, peerRole, clock, revocation, OcspCheck.NONE);
    }

    public PeerVerifier(Verification verification, TrustStore trust, PeerRole peerRole, Clock clock,
                        RevocationCheck revocation, OcspCheck ocsp) {
        this.verification = verification;
        this.trust = trust;
        this.peerRole = peerRole;
        this.clock = clock;
        this.revocation = revocation;
        this.ocsp = ocsp;
    }

    /** This verifier with OCSP checks at each depth of the verify callback. */
    public PeerVerifier withOcsp(OcspCheck check) {
        return new PeerVerifier(verification, trust, peerRole, clock, revocation, check);
    }

    /** A verifier on the system clock, with the snapshot's trust and CRL checking (if CRLs are configured). */
    public static PeerVerifier of(Verification verification, TlsMaterial material, PeerRole peerRole) {
        return new PeerVerifier(verification, material.trust(), peerRole, Clock.systemUTC(), material.revocation());
    }

    /**
     * Verifies a chain as the peer sent it, leaf first (the handshake must not call this for an empty chain).
     */
    public VerifyOutcome verify(List<X509Certificate> peerChain) {
        if (peerChain.isEmpty()) {
            throw new IllegalArgumentException("no peer certificate: requireCert is decided by the handshake");
        }
        List<LogLine> log = new ArrayList<>();
        ChainValidation.Callback callback = verification.verifies()
                ? (ok, depth, cert, ctx) -> verifyChecks(ok, depth, cert, ctx, log)
                : (ok, depth, cert, ctx) -> disabled(log);
        ChainValidation run = new ChainValidation(peerChain, trust, peerRole, clock.instant(), revocation, callback);
        boolean accepted = run.run();
        return new VerifyOutcome(accepted, run.error(), log, run.chain());
    }

    /** stunnel with neither verifyChain nor verifyPeer: one line per callback, always accept. */
    private static boolean disabled(List<LogLine> log) {
        log.add(new LogLine(Severity.INFO, "Certificate verification disabled"));
        return true;
    }

    /** stunnel's verify_checks: CERT checks, then OCSP, then the acceptance line for the depth. */
    private boolean verifyChecks(boolean ok, int depth, X509Certificate cert, ChainValidation ctx,
                                 List<LogLine> log) {
        String subject = OneLineName.format(cert.getSubjectX500Principal());
        log.add(new LogLine(Severity.DEBUG, "Verification started at depth=" + depth + ": " + subject));
        if (!certCheck(ok, depth, cert, ctx, log)) {
            log.add(new LogLine(Severity.WARNING, "Rejected by CERT at depth=" + depth + ": " + subject));
            return false;
        }
        X509Error ocspError = ocsp.atDepth(depth, ctx.chain(), log);
        if (ocspError != X509Error.OK) {
            ctx.setError(ocspError);
            log.add(new LogLine(Severity.WARNING, "Rejected by OCSP at depth=" + depth + ": " + subject));
            return false;
        }
        log.add(new LogLine(depth == 0 ? Severity.NOTICE : Severity.INFO,
                "Certificate accepted at depth=" + depth + ": " + subject));
        return true;
    }

    private boolean certCheck(boolean ok, int depth, X509Certificate cert, ChainValidation ctx,
                              List<LogLine> log) {
        if (ok) {
            log.add(new LogLine(Severity.DEBUG, "CERT: Pre-verification succeeded"));
        } else if (verification.verifyChain() || (depth == 0 && !ignorableWithoutChain(ctx.error()))) {
            log.add(new LogLine(Severity.WARNING, "CERT: Pre-verification error: " + ctx.error().text()));
            return false;
        } else {
            log.add(new LogLine(Severity.INFO, "CERT: Pre-verification error ignored: " + ctx.error().text()));
        }
        if (depth != 0) {
            return true;
        }
        return subjectCheck(cert, log) && (!verification.verifyPeer() || localCheck(cert, ctx, log));
    }

    /** verifyPeer alone accepts a leaf whose issuer is unknown: the pin is what it trusts. */
    private static boolean ignorableWithoutChain(X509Error error) {
        return error == X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY
                || error == X509Error.UNABLE_TO_VERIFY_LEAF_SIGNATURE
                || error == X509Error.CERT_UNTRUSTED;
    }

    /** checkHost lines, then checkEmail lines, then checkIP lines; the first match accepts (any-of). */
    private boolean subjectCheck(X509Certificate cert, List<LogLine> log) {
        if (!verification.hasSubjectChecks()) {
            log.add(new LogLine(Severity.INFO, "CERT: No subject checks configured"));
            return true;
        }
        for (String host : verification.checkHost()) {
            Optional<String> matched = SubjectMatcher.matchHost(cert, host);
            if (matched.isPresent()) {
                log.add(new LogLine(Severity.INFO,
                        "CERT: Host name \"" + host + "\" matched with \"" + matched.get() + "\""));
                return true;
            }
        }
        for (String email : verification.checkEmail()) {
            if (EmailMatcher.matches(cert, email)) {
                log.add(new LogLine(Severity.INFO, "CERT: Email address \"" + email + "\" matched"));
                return true;
            }
        }
        for (String ip : verification.checkIp()) {
            if (SubjectMatcher.matchIp(cert, ip)) {
                log.add(new LogLine(Severity.INFO, "CERT: IP address \"" + ip + "\" matched"));
                return true;
            }
        }
        log.add(new LogLine(Severity.WARNING, "CERT: Subject checks failed"));
        return false;
    }

    /** The verifyPeer pin: a CAfile or CApath certificate with the same subject and the same public key bits. */
    private boolean localCheck(X509Certificate cert, ChainValidation ctx, List<LogLine> log) {
        byte[] key = cert.getPublicKey().getEncoded();
        for (X509Certificate local : trust.withSubject(cert.getSubjectX500Principal())) {
            if (Arrays.equals(key, local.getPublicKey().getEncoded())) {
                log.add(new LogLine(Severity.INFO, "CERT: Locally installed certificate matched"));
                return true;
            }
        }
        log.add(new LogLine(Severity.WARNING, "CERT: Certificate not found in local repository"));
        ctx.setError(X509Error.CERT_REJECTED);
        return false;
    }
}
