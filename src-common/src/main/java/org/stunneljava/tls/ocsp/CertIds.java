package org.stunneljava.tls.ocsp;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;

/**
 * OCSP CertIDs as OpenSSL builds and compares them: {@code OCSP_cert_to_id} (SHA-1 of the issuer's name and key,
 * the subject's serial), {@code OCSP_id_cmp} (hash algorithm OID, both hashes, serial), and the issuer match of
 * {@code ocsp_match_issuerid}. Stateless.
 */
final class CertIds {
    private static final BcDigestCalculatorProvider DIGESTS = new BcDigestCalculatorProvider();

    private CertIds() {
    }

    /** The CertID stunnel asks about: SHA-1, as {@code OCSP_cert_to_id(NULL, subject, issuer)}. */
    static CertificateID of(X509Certificate subject, X509Certificate issuer) {
        try {
            return new CertificateID(DIGESTS.get(CertificateID.HASH_SHA1),
                    new X509CertificateHolder(issuer.getEncoded()), subject.getSerialNumber());
        } catch (OCSPException | OperatorCreationException | CertificateEncodingException | IOException e) {
            throw new IllegalStateException("SHA-1 CertID: " + e.getMessage(), e);
        }
    }

    /** OCSP_id_cmp == 0: the hash parameters may differ (absent or NULL), as OpenSSL compares only the OID. */
    static boolean same(CertificateID a, CertificateID b) {
        return a.getHashAlgOID().equals(b.getHashAlgOID())
                && Arrays.equals(a.getIssuerNameHash(), b.getIssuerNameHash())
                && Arrays.equals(a.getIssuerKeyHash(), b.getIssuerKeyHash())
                && a.getSerialNumber().equals(b.getSerialNumber());
    }

    /** The issuer halves of two CertIDs are equal ({@code OCSP_id_issuer_cmp} == 0). */
    static boolean sameIssuer(CertificateID a, CertificateID b) {
        return a.getHashAlgOID().equals(b.getHashAlgOID())
                && Arrays.equals(a.getIssuerNameHash(), b.getIssuerNameHash())
                && Arrays.equals(a.getIssuerKeyHash(), b.getIssuerKeyHash());
    }

    /**
     * {@code ocsp_match_issuerid} for one CertID: 1 when {@code ca} is the issuer the CertID names, 0 when not,
     * -1 when its hash algorithm is unknown.
     */
    static int issuedBy(X509Certificate ca, CertificateID id) {
        DigestCalculator name;
        DigestCalculator key;
        try {
            name = DIGESTS.get(new AlgorithmIdentifier(id.getHashAlgOID()));
            key = DIGESTS.get(new AlgorithmIdentifier(id.getHashAlgOID()));
        } catch (OperatorCreationException e) {
            return -1;
        }
        byte[] nameHash = digest(name, ca.getSubjectX500Principal().getEncoded());
        byte[] keyHash = digest(key, keyBits(ca));
        return Arrays.equals(nameHash, id.getIssuerNameHash()) && Arrays.equals(keyHash, id.getIssuerKeyHash())
                ? 1 : 0;
    }

    /** SHA-1 of the public key bits ({@code X509_pubkey_digest}), what a by-key ResponderID holds. */
    static byte[] sha1KeyHash(X509Certificate cert) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(keyBits(cert));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] keyBits(X509Certificate cert) {
        return SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded()).getPublicKeyData().getBytes();
    }

    private static byte[] digest(DigestCalculator calc, byte[] data) {
        try (OutputStream out = calc.getOutputStream()) {
            out.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return calc.getDigest();
    }
}
