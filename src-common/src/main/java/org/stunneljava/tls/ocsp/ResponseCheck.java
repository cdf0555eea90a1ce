package org.stunneljava.tls.ocsp;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.stunneljava.config.OcspFlag;
import org.stunneljava.log.Severity;
import org.stunneljava.tls.LogLine;
import org.stunneljava.tls.TrustStore;

/**
 * stunnel 5.75's {@code ocsp_response_validate}: from a response (fetched or stapled) to the status of one
 * certificate, with stunnel's log lines and levels. Anything short of a verified, current answer about that very
 * certificate is {@link OcspStatus#UNKNOWN}. Immutable and thread-safe: one per service (or stapler).
 *
 * @param trust  the service's trust store (CAfile), for the signer's chain
 * @param flags  {@code OCSPflag}
 * @param leeway clock skew allowed on thisUpdate/nextUpdate: 60 s for peers, 30 s for our own stapling
 */
record ResponseCheck(TrustStore trust, Set<OcspFlag> flags, Duration leeway) {
    /** What a response said about the certificate, and until when it may be relied on. */
    record Verdict(OcspStatus status, Optional<Instant> nextUpdate) {
        static final Verdict UNKNOWN = new Verdict(OcspStatus.UNKNOWN, Optional.empty());
    }

    /**
     * @param response     the response, or null when none could be decoded
     * @param requestNonce the nonce extension we sent, when {@code OCSPnonce} is on and we sent a request
     * @param chain        the peer's chain as built plus its root; {@code depth} picks the certificate asked about
     */
    Verdict validate(OCSPResp response, Extension requestNonce, List<X509Certificate> chain, int depth,
                     Instant now, List<LogLine> log) {
        log.add(new LogLine(Severity.DEBUG, "OCSP: Validate the OCSP response"));
        if (response == null) {
            log.add(new LogLine(Severity.ERR, "OCSP: No OCSP response"));
            return Verdict.UNKNOWN;
        }
        if (response.getStatus() != OCSPResp.SUCCESSFUL) {
            log.add(new LogLine(Severity.ERR, "OCSP: OCSP responder error: " + response.getStatus() + ": "
                    + responseStatusText(response.getStatus())));
            return Verdict.UNKNOWN;
        }
        BasicOCSPResp basic = basic(response);
        if (basic == null) {
            log.add(new LogLine(Severity.WARNING, "OCSP: OCSP_response_get1_basic"));
            return Verdict.UNKNOWN;
        }
        if (requestNonce != null && !nonceEchoed(requestNonce, basic)) {
            log.add(new LogLine(Severity.ERR, "OCSP: Invalid or unsupported nonce"));
            return Verdict.UNKNOWN;
        }
        Optional<String> invalid = BasicVerify.verify(basic, chain, trust, flags, now);
        if (invalid.isPresent()) {
            log.add(new LogLine(Severity.ERR, "OCSP: OCSP_basic_verify: " + invalid.get()));
            return Verdict.UNKNOWN;
        }
        X509Certificate cert = chain.get(depth);
        X509Certificate issuer = depth == chain.size() - 1 ? cert : chain.get(depth + 1);
        SingleResp single = find(basic, CertIds.of(cert, issuer));
        if (single == null) {
            log.add(new LogLine(Severity.WARNING, "OCSP: OCSP_resp_find_status"));
            return Verdict.UNKNOWN;
        }
        return judge(single, now, log);
    }

    /** Status line, update times, OCSP_check_validity, then the verdict line. */
    private Verdict judge(SingleResp single, Instant now, List<LogLine> log) {
        CertificateStatus cs = single.getCertStatus();
        OcspStatus status = cs == CertificateStatus.GOOD ? OcspStatus.GOOD
                : cs instanceof RevokedStatus ? OcspStatus.REVOKED : OcspStatus.UNKNOWN;
        Instant thisUpdate = single.getThisUpdate().toInstant();
        Optional<Instant> nextUpdate = Optional.ofNullable(single.getNextUpdate()).map(Date::toInstant);
        log.add(new LogLine(Severity.INFO, "OCSP: Status: " + status.text()));
        log.add(new LogLine(Severity.INFO, "OCSP: This update: " + OcspTime.format(thisUpdate)));
        nextUpdate.ifPresent(t -> log.add(new LogLine(Severity.INFO, "OCSP: Next update: " + OcspTime.format(t))));
        Optional<String> stale = validity(thisUpdate, nextUpdate, now);
        if (stale.isPresent()) {
            log.add(new LogLine(Severity.ERR, "OCSP: OCSP_check_validity: " + stale.get()));
            status = OcspStatus.UNKNOWN;
        }
        switch (status) {
            case GOOD -> log.add(new LogLine(Severity.NOTICE, "OCSP: Certificate accepted"));
            case REVOKED -> {
                RevokedStatus revoked = (RevokedStatus) cs;
                log.add(new LogLine(Severity.ERR, revoked.hasRevocationReason()
                        ? "OCSP: Certificate revoked: " + revoked.getRevocationReason() + ": "
                        + reasonText(revoked.getRevocationReason())
                        : "OCSP: Certificate revoked"));
                log.add(new LogLine(Severity.NOTICE,
                        "OCSP: Revoked at: " + OcspTime.format(revoked.getRevocationTime().toInstant())));
            }
            case UNKNOWN -> log.add(new LogLine(Severity.WARNING, "OCSP: Unknown verification status"));
        }
        return new Verdict(status, nextUpdate);
    }

    /** OCSP_check_validity(thisUpdate, nextUpdate, leeway, no maximum age). */
    private Optional<String> validity(Instant thisUpdate, Optional<Instant> nextUpdate, Instant now) {
        if (thisUpdate.isAfter(now.plus(leeway))) {
            return Optional.of("status not yet valid");
        }
        if (nextUpdate.isPresent() && nextUpdate.get().isBefore(now.minus(leeway))) {
            return Optional.of("status expired");
        }
        if (nextUpdate.isPresent() && nextUpdate.get().isBefore(thisUpdate)) {
            return Optional.of("nextupdate before thisupdate");
        }
        return Optional.empty();
    }

    /** OCSP_check_nonce > 0 when we sent one: the response must carry the same value. */
    private static boolean nonceEchoed(Extension sent, BasicOCSPResp basic) {
        Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        return echoed != null && echoed.getExtnValue().equals(sent.getExtnValue());
    }

    private static SingleResp find(BasicOCSPResp basic, CertificateID id) {
        for (SingleResp r : basic.getResponses()) {
            if (CertIds.same(r.getCertID(), id)) {
                return r;
            }
        }
        return null;
    }

    private static BasicOCSPResp basic(OCSPResp response) {
        try {
            return response.getResponseObject() instanceof BasicOCSPResp b ? b : null;
        } catch (OCSPException | RuntimeException e) {
            return null;
        }
    }

    /** OCSP_response_status_str. */
    static String responseStatusText(int status) {
        return switch (status) {
            case 0 -> "successful";
            case 1 -> "malformedrequest";
            case 2 -> "internalerror";
            case 3 -> "trylater";
            case 5 -> "sigrequired";
            case 6 -> "unauthorized";
            default -> "(UNKNOWN)";
        };
    }

    /** OCSP_crl_reason_str. */
    static String reasonText(int reason) {
        return switch (reason) {
            case CRLReason.unspecified -> "unspecified";
            case CRLReason.keyCompromise -> "keyCompromise";
            case CRLReason.cACompromise -> "cACompromise";
            case CRLReason.affiliationChanged -> "affiliationChanged";
            case CRLReason.superseded -> "superseded";
            case CRLReason.cessationOfOperation -> "cessationOfOperation";
            case CRLReason.certificateHold -> "certificateHold";
            case CRLReason.removeFromCRL -> "removeFromCRL";
            case CRLReason.privilegeWithdrawn -> "privilegeWithdrawn";
            case CRLReason.aACompromise -> "aACompromise";
            default -> "(UNKNOWN)";
        };
    }
}
