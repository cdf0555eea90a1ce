package org.stunneljava.tls.ocsp;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.TlsOptions;
import org.stunneljava.log.Log;
import org.stunneljava.tls.OcspCheck;
import org.stunneljava.tls.OcspStapling;
import org.stunneljava.tls.TlsMaterial;

/** Builds a service's OCSP pieces from its configuration and loaded files (step three of the config pipeline). */
public final class OcspSetup {
    /** stunnel's cron re-tries stapling every minute; so does a stapler after a failed fetch. */
    private static final Duration STAPLING_RETRY = Duration.ofMinutes(1);

    private OcspSetup() {
    }

    /** The OCSP checks of the peer's chain, for the service's {@code PeerVerifier}. */
    public static OcspCheck peerCheck(ServiceConfig service, TlsMaterial material) {
        TlsOptions tls = service.tls();
        return new PeerOcsp(tls.ocsp(), tls.verification().verifyChain(), service.client(), material.trust(),
                service.timeouts().busy(), Clock.systemUTC());
    }

    /** A server service's stapling of its own certificate's status; starts the first fetch. */
    public static OcspStapling stapling(ServiceConfig service, TlsMaterial material, Log serviceLog) {
        List<X509Certificate> chain = ownChain(material);
        if (chain.isEmpty()) {
            return OcspStapling.NONE;
        }
        TlsOptions tls = service.tls();
        return Stapler.start(chain, material.trust(), tls.psk().secrets().isPresent(), tls.ocsp().timeout(),
                service.timeouts().busy(), STAPLING_RETRY, Clock.systemUTC(), serviceLog);
    }

    private static List<X509Certificate> ownChain(TlsMaterial material) {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (X509CertificateHolder h : material.chain()) {
                out.add(converter.getCertificate(h));
            }
        } catch (CertificateException e) {
            return List.of(); // TlsMaterial already parsed these; nothing to staple for a chain we cannot read
        }
        return out;
    }
}
