package org.stunneljava.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateStatus;
import org.bouncycastle.tls.CertificateStatusType;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;

/**
 * The OCSP response a server stapled (RFC 6066 section 8; RFC 8446 section 4.4.2.1), in both places it can come:
 * TLS 1.2's CertificateStatus message, which Bouncy Castle parses, and TLS 1.3's status_request extension of the
 * leaf's CertificateEntry, which Bouncy Castle leaves to the application. Stateless.
 */
final class StapledResponse {
    private StapledResponse() {
    }

    /** The DER OCSPResponse, or null when the server stapled none. An undecodable one comes back as it was. */
    static byte[] from(TlsServerCertificate serverCertificate) throws IOException {
        CertificateStatus status = serverCertificate.getCertificateStatus();
        if (status != null) {
            return status.getStatusType() == CertificateStatusType.ocsp
                    ? status.getOCSPResponse().getEncoded() : null;
        }
        Certificate chain = serverCertificate.getCertificate();
        CertificateEntry[] entries = chain.getCertificateEntryList();
        Hashtable<?, ?> extensions = entries.length == 0 ? null : entries[0].getExtensions();
        Object body = extensions == null ? null : extensions.get(ExtensionType.status_request);
        return body instanceof byte[] bytes ? tls13Body(bytes) : null;
    }

    /** {@code struct { CertificateStatusType status_type; opaque OCSPResponse<1..2^24-1>; }}. */
    private static byte[] tls13Body(byte[] body) {
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            if (TlsUtils.readUint8(in) != CertificateStatusType.ocsp) {
                return null;
            }
            byte[] der = TlsUtils.readOpaque24(in, 1);
            return in.available() == 0 ? der : body;
        } catch (IOException e) {
            return body; // malformed: the check reports "No OCSP response" as for any undecodable one
        }
    }
}
