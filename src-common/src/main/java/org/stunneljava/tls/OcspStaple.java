package org.stunneljava.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.tls.CertificateStatus;
import org.bouncycastle.tls.CertificateStatusType;
import org.bouncycastle.tls.ExtensionType;

/**
 * Puts a stapled OCSP response where each protocol version carries it: TLS 1.2's CertificateStatus message
 * (RFC 6066 section 8, sent by Bouncy Castle when the server returns one) and TLS 1.3's status_request extension
 * of the leaf CertificateEntry (RFC 8446 section 4.4.2.1, which Bouncy Castle leaves to the server). Stateless.
 */
final class OcspStaple {
    private OcspStaple() {
    }

    /** The CertificateStatus for {@code der}, or null for none. */
    static CertificateStatus tls12Status(byte[] der) {
        return der == null ? null : new CertificateStatus(CertificateStatusType.ocsp, OCSPResponse.getInstance(der));
    }

    /** The leaf CertificateEntry extensions carrying {@code der}, or null for none. */
    static Hashtable<Integer, byte[]> tls13LeafExtensions(byte[] der) throws IOException {
        if (der == null) {
            return null;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        tls12Status(der).encode(body); // the same CertificateStatus structure
        Hashtable<Integer, byte[]> extensions = new Hashtable<>();
        extensions.put(ExtensionType.status_request, body.toByteArray());
        return extensions;
    }
}
