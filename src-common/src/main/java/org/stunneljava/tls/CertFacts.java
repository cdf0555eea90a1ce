package org.stunneljava.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * The per-certificate tests OpenSSL's chain verification makes (crypto/x509/v3_purp.c), as plain functions.
 * Stateless.
 */
final class CertFacts {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    /** Netscape and Microsoft Server Gated Crypto: OpenSSL still counts them as serverAuth. */
    private static final Set<String> SGC = Set.of("2.16.840.1.113730.4.1", "1.3.6.1.4.1.311.10.3.3");
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_AGREEMENT = 4;
    private static final int KEY_CERT_SIGN = 5;

    /** Critical extensions OpenSSL understands (X509_supported_extension); any other critical one fails. */
    private static final Set<String> SUPPORTED_CRITICAL = Set.of(
            "2.16.840.1.113730.1.1", // nsCertType
            "2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.32", "2.5.29.37", "2.5.29.36", "2.5.29.30",
            "2.5.29.54", "2.5.29.33", // keyUsage SAN basicConstraints policies EKU policyConstraints nameConstraints
            "1.3.6.1.5.5.7.1.14", "1.3.6.1.5.5.7.1.7", "1.3.6.1.5.5.7.1.8"); // proxyCertInfo, RFC 3779 blocks

    private CertFacts() {
    }

    /**
     * OpenSSL's {@code X509_check_issued} without the signature: names chain, the authority key identifier (when
     * both sides have one) points at the issuer's key, and the issuer's key usage (when present) allows signing
     * certificates. A self-signed certificate is one that passes this against itself.
     */
    static boolean issued(X509Certificate issuer, X509Certificate subject) {
        if (!CanonicalName.same(issuer.getSubjectX500Principal(), subject.getIssuerX500Principal())) {
            return false;
        }
        byte[] akid = authorityKeyId(subject);
        byte[] skid = subjectKeyId(issuer);
        if (akid != null && skid != null && !Arrays.equals(akid, skid)) {
            return false;
        }
        boolean[] ku = issuer.getKeyUsage();
        return ku == null || ku[KEY_CERT_SIGN];
    }

    static boolean selfSigned(X509Certificate cert) {
        return issued(cert, cert);
    }

    /** OpenSSL's {@code X509_check_ca} != 0: may this certificate issue others? */
    static boolean isCa(X509Certificate cert) {
        boolean[] ku = cert.getKeyUsage();
        if (ku != null && !ku[KEY_CERT_SIGN]) {
            return false;
        }
        if (cert.getExtensionValue(Extension.basicConstraints.getId()) != null) {
            return cert.getBasicConstraints() >= 0;
        }
        // No basicConstraints: a self-signed v1 root, or a keyCertSign key usage, still counts (legacy roots).
        return (cert.getVersion() == 1 && selfSigned(cert)) || ku != null;
    }

    /** The pathLenConstraint of a CA, or -1 when unlimited (or not a CA). */
    static int pathLength(X509Certificate cert) {
        int len = cert.getBasicConstraints();
        return len == Integer.MAX_VALUE ? -1 : len;
    }

    /** OpenSSL's {@code ssl_server} / {@code ssl_client} purpose check ({@code check_purpose_ssl_*}). */
    static boolean purposeOk(X509Certificate cert, PeerRole role, boolean asCa) {
        if (role == PeerRole.OCSP_SIGNER) {
            return !asCa || isCa(cert); // check_purpose_ocsp_helper
        }
        if (!extendedKeyUsageOk(cert, role)) {
            return false;
        }
        if (asCa) {
            return isCa(cert);
        }
        boolean[] ku = cert.getKeyUsage();
        if (ku == null) {
            return true;
        }
        boolean sign = ku[DIGITAL_SIGNATURE] || ku[KEY_AGREEMENT];
        return role == PeerRole.SERVER ? sign || ku[KEY_ENCIPHERMENT] : sign;
    }

    /** Critical extensions this verifier (like OpenSSL) does not understand. */
    static boolean hasUnhandledCritical(X509Certificate cert) {
        Set<String> critical = cert.getCriticalExtensionOIDs();
        return critical != null && !SUPPORTED_CRITICAL.containsAll(critical);
    }

    private static boolean extendedKeyUsageOk(X509Certificate cert, PeerRole role) {
        List<String> eku;
        try {
            eku = cert.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (eku == null) {
            return true;
        }
        if (role == PeerRole.CLIENT) {
            return eku.contains(CLIENT_AUTH);
        }
        return eku.contains(SERVER_AUTH) || eku.stream().anyMatch(SGC::contains);
    }

    private static byte[] authorityKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }

    private static byte[] subjectKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }
}
