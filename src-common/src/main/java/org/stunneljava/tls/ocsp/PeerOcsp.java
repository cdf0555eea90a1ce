package org.stunneljava.tls.ocsp;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.stunneljava.config.OcspOptions;
import org.stunneljava.log.Severity;
import org.stunneljava.tls.LogLine;
import org.stunneljava.tls.OcspCheck;
import org.stunneljava.tls.TrustStore;
import org.stunneljava.tls.X509Error;

/**
 * OCSP checking of a peer's chain, in stunnel 5.75's order (src/ocsp.c {@code ocsp_check},
 * {@code ocsp_client_cb}, {@code ocsp_verify}, {@code check_aia}): the root is never checked; the peer's own
 * certificate is checked from a stapled response (TLS client only), then the {@code OCSP} responder, then the AIA
 * responders ({@code OCSPaia}); the other depths only through AIA. A TLS client checks its server's certificate
 * after verification, where OpenSSL's status callback runs. A check that asked no responder and had no conclusive
 * stapled answer accepts; otherwise good accepts, revoked rejects, and no conclusive answer rejects unless
 * {@code OCSPrequire = no}. Immutable and thread-safe: one per service; each check may block on responders for
 * {@code TIMEOUTocsp} (connect) and {@code TIMEOUTbusy} (answer) per responder asked.
 */
public final class PeerOcsp implements OcspCheck {
    /** OpenSSL's leeway for thisUpdate/nextUpdate of a peer's status, as stunnel sets it. */
    private static final Duration LEEWAY = Duration.ofSeconds(60);

    private final OcspOptions options;
    private final boolean verifyChain;
    private final boolean tlsClient;
    private final TrustStore trust;
    private final Duration busyTimeout;
    private final Clock clock;
    private final ResponseCheck check;

    /**
     * @param verifyChain whether the service verifies chains ({@code verifyChain}); OCSP needs it
     * @param tlsClient   true when we are the TLS client (the peer is a server that may staple)
     * @param busyTimeout {@code TIMEOUTbusy}: the limit for each wait on a responder's answer
     */
    public PeerOcsp(OcspOptions options, boolean verifyChain, boolean tlsClient, TrustStore trust,
                    Duration busyTimeout, Clock clock) {
        this.options = options;
        this.verifyChain = verifyChain;
        this.tlsClient = tlsClient;
        this.trust = trust;
        this.busyTimeout = busyTimeout;
        this.clock = clock;
        this.check = new ResponseCheck(trust, options.flags(), LEEWAY);
    }

    @Override
    public X509Error atDepth(int depth, List<X509Certificate> chain, List<LogLine> log) {
        if (!verifyChain) {
            log.add(new LogLine(Severity.INFO, "OCSP: Certificate chain verification disabled"));
            return X509Error.OK;
        }
        if (tlsClient && depth == 0) {
            log.add(new LogLine(Severity.DEBUG, "OCSP: Waiting for OCSP stapling response"));
            return X509Error.OK;
        }
        Check run = new Check(RootCa.append(chain, trust, log), depth, log);
        return run.verify(null) ? X509Error.OK : run.error;
    }

    @Override
    public boolean afterVerification(List<X509Certificate> chain, byte[] stapled, List<LogLine> log) {
        log.add(new LogLine(Severity.DEBUG, "OCSP stapling: Client callback called"));
        if (!verifyChain) {
            log.add(new LogLine(Severity.INFO, "OCSP: Certificate chain verification disabled"));
            return true;
        }
        return new Check(RootCa.append(chain, trust, log), 0, log).verify(stapled);
    }

    /** One {@code ocsp_verify}: the state stunnel keeps in OCSP_PARAMS. */
    private final class Check {
        private final List<X509Certificate> chain;
        private final int depth;
        private final List<LogLine> log;
        private final Instant now = clock.instant();
        private boolean requested;
        private X509Error error = X509Error.APPLICATION_VERIFICATION;

        Check(List<X509Certificate> chain, int depth, List<LogLine> log) {
            this.chain = chain;
            this.depth = depth;
            this.log = log;
        }

        boolean verify(byte[] stapled) {
            if (depth == chain.size() - 1) {
                log.add(new LogLine(Severity.DEBUG, "OCSP: Ignoring the root certificate"));
                return true;
            }
            return decide(status(stapled));
        }

        private OcspStatus status(byte[] stapled) {
            if (depth == 0) {
                if (tlsClient) {
                    if (stapled != null) {
                        log.add(new LogLine(Severity.INFO, "OCSP: OCSP stapling response received"));
                        OcspStatus s = check.validate(parse(stapled), null, chain, 0, now, log).status();
                        if (s != OcspStatus.UNKNOWN) {
                            requested = true;
                            return s;
                        }
                    } else {
                        log.add(new LogLine(Severity.ERR, "OCSP: No OCSP stapling response received"));
                    }
                }
                if (options.responder().isPresent()) {
                    String url = options.responder().get();
                    log.add(new LogLine(Severity.NOTICE, "OCSP: Connecting the configured responder \"" + url + "\""));
                    OcspStatus s = request(url);
                    if (s != OcspStatus.UNKNOWN) {
                        return s;
                    }
                }
            }
            return aia();
        }

        private OcspStatus aia() {
            if (!options.aia()) {
                return OcspStatus.UNKNOWN;
            }
            List<String> urls = Aia.ocspUrls(chain.get(depth));
            if (urls.isEmpty()) {
                log.add(new LogLine(Severity.INFO, "OCSP: No AIA responder URL"));
                return OcspStatus.UNKNOWN;
            }
            OcspStatus s = OcspStatus.UNKNOWN;
            for (String url : urls) {
                log.add(new LogLine(Severity.NOTICE, "OCSP: Connecting the AIA responder \"" + url + "\""));
                s = request(url);
                if (s != OcspStatus.UNKNOWN) {
                    break; // a definitive answer
                }
            }
            return s;
        }

        private OcspStatus request(String url) {
            requested = true;
            X509Certificate cert = chain.get(depth);
            X509Certificate issuer = depth == chain.size() - 1 ? cert : chain.get(depth + 1);
            OcspRequests.Request request = OcspRequests.build(CertIds.of(cert, issuer), options.nonce());
            OCSPResp response = ResponderUrl.parse(url, log)
                    .map(u -> ResponderClient.post(u, request.der(), options.timeout(), busyTimeout, log))
                    .orElse(null);
            if (response == null) {
                return OcspStatus.UNKNOWN;
            }
            OcspStatus s = check.validate(response, request.nonce(), chain, depth, now, log).status();
            if (s == OcspStatus.REVOKED) {
                error = X509Error.CERT_REVOKED;
            }
            return s;
        }

        private boolean decide(OcspStatus status) {
            if (!requested) {
                return true; // neither a stapled answer nor a responder to ask
            }
            switch (status) {
                case GOOD -> {
                    log.add(new LogLine(Severity.NOTICE, "OCSP: Accepted (good)"));
                    return true;
                }
                case REVOKED -> {
                    log.add(new LogLine(Severity.ERR, "OCSP: Rejected (revoked)"));
                    return false;
                }
                default -> {
                    if (options.require()) {
                        log.add(new LogLine(Severity.ERR, "OCSP: Rejected (OCSPrequire = yes)"));
                        return false;
                    }
                    log.add(new LogLine(Severity.NOTICE, "OCSP: Accepted (OCSPrequire = no)"));
                    return true;
                }
            }
        }
    }

    /** A stapled response that does not decode is "no response" ({@code d2i_OCSP_RESPONSE} fails). */
    private static OCSPResp parse(byte[] der) {
        try {
            return new OCSPResp(der);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** stunnel's {@code ocsp_params_append_root_ca}. */
    static final class RootCa {
        private RootCa() {
        }

        /**
         * The chain, plus the trusted issuer of its top when the top itself is not in the trust store, so that the
         * top's status can be asked and the root is the one certificate skipped.
         */
        static List<X509Certificate> append(List<X509Certificate> chain, TrustStore trust, List<LogLine> log) {
            X509Certificate top = chain.getLast();
            if (!trust.withSubject(top.getSubjectX500Principal()).isEmpty()) {
                return chain;
            }
            List<X509Certificate> issuers = trust.withSubject(top.getIssuerX500Principal());
            if (issuers.isEmpty()) {
                log.add(new LogLine(Severity.INFO, "OCSP: The root CA certificate was not found"));
                return chain;
            }
            List<X509Certificate> out = new ArrayList<>(chain);
            out.add(issuers.getFirst());
            return List.copyOf(out);
        }
    }
}
