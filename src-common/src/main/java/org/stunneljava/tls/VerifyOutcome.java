package org.stunneljava.tls;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What verifying one peer chain decided, and the lines stunnel would log for it, in order.
 *
 * @param accepted true when the handshake may go on
 * @param error    OpenSSL's verification error at the end: on rejection the reason (it picks the alert); on
 *                 acceptance usually {@link X509Error#OK}, or an error {@code verifyPeer} chose to ignore
 * @param log      the lines to log for the connection, with stunnel's levels (info and debug included; the
 *                 logger filters by the service's {@code debug} level)
 * @param chain    the chain as verification built it, leaf first (trust anchor last when one was found)
 */
public record VerifyOutcome(boolean accepted, X509Error error, List<LogLine> log, List<X509Certificate> chain) {
    public VerifyOutcome {
        log = List.copyOf(log);
        chain = List.copyOf(chain);
    }

    public VerifyOutcome(boolean accepted, X509Error error, List<LogLine> log) {
        this(accepted, error, log, List.of());
    }

    /**
     * The {@link org.bouncycastle.tls.AlertDescription} to send in the fatal alert when rejected, as OpenSSL
     * would (e.g. certificate_expired, unknown_ca, bad_certificate; internal_error after failed subject checks).
     *
     * @throws IllegalStateException when the chain was accepted
     */
    public short alert() {
        if (accepted) {
            throw new IllegalStateException("an accepted certificate sends no alert");
        }
        return error.alert();
    }
}
