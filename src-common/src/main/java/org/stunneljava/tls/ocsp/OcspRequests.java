package org.stunneljava.tls.ocsp;

import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;

/**
 * Builds the unsigned single-certificate request stunnel sends ({@code OCSP_REQUEST_new},
 * {@code OCSP_request_add0_id}, and with {@code OCSPnonce} {@code OCSP_request_add1_nonce(req, NULL, -1)}: 16
 * random bytes as an OCTET STRING inside the extension value). Thread-safe.
 */
final class OcspRequests {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_LENGTH = 16; // OCSP_DEFAULT_NONCE_LENGTH

    /** @param nonce the nonce extension sent, or null */
    record Request(byte[] der, Extension nonce) {
    }

    private OcspRequests() {
    }

    static Request build(CertificateID id, boolean withNonce) {
        OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
        Extension nonce = null;
        try {
            if (withNonce) {
                byte[] value = new byte[NONCE_LENGTH];
                RANDOM.nextBytes(value);
                nonce = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        new DEROctetString(value).getEncoded());
                builder.setRequestExtensions(new Extensions(nonce));
            }
            return new Request(builder.build().getEncoded(), nonce);
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("cannot encode an OCSP request: " + e.getMessage(), e);
        }
    }
}
