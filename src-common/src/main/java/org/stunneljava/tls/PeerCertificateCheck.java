package org.stunneljava.tls;

import java.io.IOException;
import org.bouncycastle.tls.Certificate;

/**
 * Decides, during the handshake, whether the peer's certificate chain is acceptable. Throw a
 * {@link org.bouncycastle.tls.TlsFatalAlert} carrying the alert to send to reject it.
 */
@FunctionalInterface
public interface PeerCertificateCheck {
    PeerCertificateCheck ACCEPT_ANY = chain -> { };

    /** @param chain the peer's chain, leaf first; empty when the peer sent no certificate */
    void check(Certificate chain) throws IOException;
}
