package org.stunneljava.tls.ocsp;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;

/** The OCSP responder URLs of a certificate's AIA extension, in order ({@code X509_get1_ocsp}). Stateless. */
final class Aia {
    private Aia() {
    }

    /** Empty when the certificate has no AIA extension or no OCSP URI in it (OpenSSL returns NULL for both). */
    static List<String> ocspUrls(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (ext == null) {
            return List.of();
        }
        List<String> urls = new ArrayList<>();
        try {
            AuthorityInformationAccess aia =
                    AuthorityInformationAccess.getInstance(ASN1OctetString.getInstance(ext).getOctets());
            for (AccessDescription ad : aia.getAccessDescriptions()) {
                GeneralName location = ad.getAccessLocation();
                if (ad.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                        && location.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    urls.add(ASN1IA5String.getInstance(location.getName()).getString());
                }
            }
        } catch (IllegalArgumentException e) {
            return List.of(); // a malformed extension names no usable responder
        }
        return List.copyOf(urls);
    }
}
