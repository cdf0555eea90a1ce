package org.stunneljava.tls;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;

/**
 * {@code checkEmail} as stunnel does it: OpenSSL 3.0's {@code X509_check_email(cert, address, 0, 0)}
 * (crypto/x509/v3_utl.c). The subject alternative name's rfc822Name entries, and SmtpUTF8Mailbox other names
 * (RFC 8398) holding a UTF8String, are compared first; only when the certificate has neither does the subject's
 * emailAddress count. The comparison (equal_email) is byte-exact on the local part and ASCII case-insensitive
 * on the domain, split at the last '@'. Stateless.
 */
final class EmailMatcher {
    /** id-on-SmtpUTF8Mailbox. */
    private static final String SMTP_UTF8_MAILBOX = "1.3.6.1.5.5.7.8.9";

    private EmailMatcher() {
    }

    static boolean matches(X509Certificate cert, String address) {
        byte[] wanted = address.getBytes(StandardCharsets.UTF_8);
        List<byte[]> fromSan = sanAddresses(cert);
        List<byte[]> candidates = fromSan != null ? fromSan : subjectAddresses(cert);
        for (byte[] candidate : candidates) {
            if (candidate.length > 0 && equalEmail(candidate, wanted)) {
                return true;
            }
        }
        return false;
    }

    /**
     * OpenSSL's equal_email: equal lengths; from the end, the first position where either side has '@' splits
     * them; the part from there on compares ASCII case-insensitively (a NUL on the certificate's side never
     * matches), the part before it byte for byte. Without an '@' (or with one at the start) the whole compares
     * byte for byte.
     */
    static boolean equalEmail(byte[] cert, byte[] wanted) {
        if (cert.length != wanted.length) {
            return false;
        }
        int i = cert.length;
        while (i > 0) {
            --i;
            if (cert[i] == '@' || wanted[i] == '@') {
                for (int j = i; j < cert.length; j++) {
                    if (cert[j] == 0 || lower(cert[j]) != lower(wanted[j])) {
                        return false;
                    }
                }
                break;
            }
        }
        int local = i == 0 ? cert.length : i;
        return java.util.Arrays.equals(cert, 0, local, wanted, 0, local);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b & 0xff;
    }

    /** The SAN's e-mail entries as bytes; null when it has none (then the subject is consulted). */
    private static List<byte[]> sanAddresses(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (ext == null) {
            return null;
        }
        List<byte[]> out = new ArrayList<>();
        try {
            for (GeneralName n : GeneralNames.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getNames()) {
                if (n.getTagNo() == GeneralName.rfc822Name) {
                    out.add(latin1(((ASN1String) n.getName()).getString()));
                } else if (n.getTagNo() == GeneralName.otherName) {
                    OtherName other = OtherName.getInstance(n.getName());
                    if (other.getTypeID().getId().equals(SMTP_UTF8_MAILBOX)
                            && other.getValue() instanceof ASN1UTF8String s) {
                        out.add(s.getString().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (RuntimeException e) {
            return null; // X509_get_ext_d2i fails on a damaged extension: as if there were none
        }
        return out.isEmpty() ? null : out;
    }

    /** The subject's emailAddress attributes, as UTF-8. */
    private static List<byte[]> subjectAddresses(X509Certificate cert) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        List<byte[]> out = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue ava : rdn.getTypesAndValues()) {
                ASN1Encodable v = ava.getValue();
                if (ava.getType().equals(BCStyle.EmailAddress) && v instanceof ASN1String s) {
                    out.add(s.getString().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** An IA5String's octets as they are (BC maps each octet to one char). */
    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
