package org.stunneljava.tls.ocsp;

import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.stunneljava.config.OcspFlag;
import org.stunneljava.tls.SignerChain;
import org.stunneljava.tls.TrustStore;

/**
 * OpenSSL 3.0's {@code OCSP_basic_verify} (crypto/ocsp/ocsp_vfy.c), re-stated: find the signer by the responder
 * ID (first among the peer's certificates, then among the response's unless {@code NOINTERN}); check the
 * signature ({@code NOSIGS} skips it); unless {@code NOVERIFY} (or {@code TRUSTOTHER} with a signer from the peer's
 * certificates), verify the signer's chain against the trust store and require the signer to be the certificate's
 * issuer or a responder that issuer delegated to (EKU OCSPSigning; {@code NOCHECKS} skips this). OpenSSL's last
 * resort, an explicitly trusted root, never applies to PEM trust anchors, so it fails here. Stateless.
 */
final class BasicVerify {
    private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

    private BasicVerify() {
    }

    /**
     * @param certs the peer's chain as built (plus the root), where stunnel looks for the signer first
     * @return empty when the response verifies, else OpenSSL's reason
     */
    static Optional<String> verify(BasicOCSPResp response, List<X509Certificate> certs, TrustStore trust,
                                   Set<OcspFlag> flags, Instant now) {
        List<X509Certificate> included = included(response);
        ResponderID id = response.getResponderId().toASN1Primitive();
        X509Certificate signer = find(certs, id);
        boolean fromPeer = signer != null;
        if (signer == null && !flags.contains(OcspFlag.NOINTERN)) {
            signer = find(included, id);
        }
        if (signer == null) {
            return Optional.of("signer certificate not found");
        }
        if (!flags.contains(OcspFlag.NOSIGS) && !signatureValid(response, signer)) {
            return Optional.of("signature failure");
        }
        if (flags.contains(OcspFlag.NOVERIFY) || (fromPeer && flags.contains(OcspFlag.TRUSTOTHER))) {
            return Optional.empty();
        }
        List<X509Certificate> untrusted = new ArrayList<>();
        if (!flags.contains(OcspFlag.NOCHAIN)) {
            untrusted.addAll(included);
            untrusted.addAll(certs);
        }
        SignerChain.Result chain = SignerChain.verify(signer, untrusted, trust, now);
        if (!chain.verified()) {
            return Optional.of("certificate verify error (" + chain.error().text() + ")");
        }
        if (flags.contains(OcspFlag.NOCHECKS)) {
            return Optional.empty();
        }
        return checkIssuer(response.getResponses(), chain.chain());
    }

    /**
     * {@code ocsp_check_issuer}: the responses must share one issuer; the signer's own issuer may be that CA (then
     * the signer needs EKU OCSPSigning), or the signer is that CA itself.
     */
    private static Optional<String> checkIssuer(SingleResp[] responses, List<X509Certificate> chain) {
        if (responses.length == 0) {
            return Optional.of("response contains no revocation data");
        }
        CertificateID first = responses[0].getCertID();
        for (SingleResp r : responses) {
            if (!CertIds.sameIssuer(first, r.getCertID())) {
                return Optional.of("root ca not trusted"); // mixed issuers: only explicit trust could help
            }
        }
        X509Certificate signer = chain.getFirst();
        if (chain.size() > 1) {
            int match = CertIds.issuedBy(chain.get(1), first);
            if (match < 0) {
                return Optional.of("unknown message digest");
            }
            if (match > 0) {
                return delegated(signer) ? Optional.empty() : Optional.of("missing ocspsigning usage");
            }
        }
        int direct = CertIds.issuedBy(signer, first);
        if (direct < 0) {
            return Optional.of("unknown message digest");
        }
        return direct > 0 ? Optional.empty() : Optional.of("root ca not trusted");
    }

    private static boolean delegated(X509Certificate signer) {
        try {
            List<String> eku = signer.getExtendedKeyUsage();
            return eku != null && eku.contains(OCSP_SIGNING);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** By name: the first certificate with that subject; by key: SHA-1 of the key bits (20 bytes only). */
    private static X509Certificate find(List<X509Certificate> certs, ResponderID id) {
        if (id.getName() != null) {
            X500Principal name;
            try {
                name = new X500Principal(id.getName().getEncoded());
            } catch (java.io.IOException | IllegalArgumentException e) {
                return null;
            }
            return certs.stream().filter(c -> c.getSubjectX500Principal().equals(name)).findFirst().orElse(null);
        }
        byte[] hash = id.getKeyHash();
        if (hash == null || hash.length != 20) {
            return null;
        }
        return certs.stream().filter(c -> Arrays.equals(hash, CertIds.sha1KeyHash(c))).findFirst().orElse(null);
    }

    private static boolean signatureValid(BasicOCSPResp response, X509Certificate signer) {
        try {
            return response.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer));
        } catch (Exception e) { // OperatorCreationException, OCSPException: an unusable key or algorithm
            return false;
        }
    }

    private static List<X509Certificate> included(BasicOCSPResp response) {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (X509CertificateHolder h : response.getCerts()) {
            try {
                out.add(converter.getCertificate(h));
            } catch (CertificateException e) {
                // OpenSSL would have failed to decode the whole response; an unreadable extra is just unusable
            }
        }
        return out;
    }
}
