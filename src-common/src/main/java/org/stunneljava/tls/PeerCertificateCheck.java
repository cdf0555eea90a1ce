package org.stunneljava.tls;

import java.io.IOException;
import org.bouncycastle.tls.Certificate;
import org.stunneljava.log.Log;

/**
 * Decides, during the handshake, whether the peer's certificate chain is acceptable. Throw a
 * {@link org.bouncycastle.tls.TlsFatalAlert} carrying the alert to send to reject it.
 */
@FunctionalInterface
public interface PeerCertificateCheck {
    PeerCertificateCheck ACCEPT_ANY = (chain, log) -> { };

    /**
     * @param chain the peer's chain, leaf first; never empty (an absent certificate is decided by the handshake)
     * @param log   the connection's log, for stunnel's per-certificate lines
     */
    void check(Certificate chain, Log log) throws IOException;

    /**
     * A TLS client's check, which also judges the OCSP response the server stapled (stunnel 5.71+ asks for one).
     *
     * @param stapledOcsp the DER OCSPResponse from the server's CertificateStatus, or null when none came
     */
    default void check(Certificate chain, byte[] stapledOcsp, Log log) throws IOException {
        check(chain, log);
    }
}
