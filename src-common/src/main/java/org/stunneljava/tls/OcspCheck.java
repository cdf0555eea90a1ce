package org.stunneljava.tls;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The seam for OCSP in peer verification, where stunnel 5.75 runs it (src/ocsp.c): {@link #atDepth} from the
 * verify callback after the CERT checks of each depth ({@code ocsp_check}: "Rejected by OCSP at depth=N"), and,
 * for a TLS client, {@link #afterVerification} once the chain was accepted ({@code ocsp_client_cb}, OpenSSL's
 * status callback, which also sees the server's stapled response). Implementations are thread-safe and may block
 * on a responder for up to their timeouts; they append the lines to log, in order, to the list they are given.
 */
public interface OcspCheck {
    /** No OCSP at all: accepts everything silently. */
    OcspCheck NONE = new OcspCheck() {
        @Override
        public X509Error atDepth(int depth, List<X509Certificate> chain, List<LogLine> log) {
            return X509Error.OK;
        }

        @Override
        public boolean afterVerification(List<X509Certificate> chain, byte[] stapled, List<LogLine> log) {
            return true;
        }
    };

    /**
     * @param depth the depth the verify callback is at (0: the peer's own certificate)
     * @param chain the chain as verification built it, leaf first, trust anchor last
     * @return {@link X509Error#OK} to accept this depth, otherwise the verification error to report
     *         ({@link X509Error#CERT_REVOKED} when a responder said revoked, else
     *         {@link X509Error#APPLICATION_VERIFICATION}), which picks the alert
     */
    X509Error atDepth(int depth, List<X509Certificate> chain, List<LogLine> log);

    /**
     * A TLS client's check of the server's own certificate after the chain was accepted: the stapled response
     * first, then the configured and AIA responders. A rejection fails the handshake as OpenSSL's status callback
     * does (alert bad_certificate_status_response, "invalid status response").
     *
     * @param chain   the accepted chain as verification built it, leaf first
     * @param stapled the DER OCSPResponse the server stapled, or null when it sent none
     * @return true to accept
     */
    boolean afterVerification(List<X509Certificate> chain, byte[] stapled, List<LogLine> log);
}
