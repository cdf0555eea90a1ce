package org.stunneljava.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads the certificates and CRLs of one PEM file the way OpenSSL's look-up loaders do: PEM blocks one after the
 * other, other blocks (keys, parameters) skipped, and reading stops at the first block that does not decode. What
 * was read before that block is kept; {@link Contents#damaged()} says whether the file ended early, because the
 * callers treat that differently (a hashed directory stops its scan there; {@code CRLfile} is refused). Stateless.
 */
final class TrustFileReader {
    /**
     * @param damaged   a block did not decode: the lists hold what came before it
     * @param problem   why, for messages; empty when not damaged
     */
    record Contents(List<X509Certificate> certificates, List<X509CRL> crls, boolean damaged, String problem) {
        Contents {
            certificates = List.copyOf(certificates);
            crls = List.copyOf(crls);
        }
    }

    private TrustFileReader() {
    }

    static Contents read(byte[] bytes) {
        List<X509Certificate> certs = new ArrayList<>();
        List<X509CRL> crls = new ArrayList<>();
        int blocks = 0;
        try (PemReader reader = new PemReader(new StringReader(new String(bytes, StandardCharsets.ISO_8859_1)))) {
            for (PemObject o = reader.readPemObject(); o != null; o = reader.readPemObject()) {
                switch (o.getType()) {
                    // PEM_read_bio_X509_AUX's names; a TRUSTED CERTIFICATE carries OpenSSL's trust settings after it
                    case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE" -> certs.add(certificate(o));
                    case "X509 CRL" -> crls.add(crl(o));
                    default -> {
                        // keys, parameters, requests: not trust material, skipped as OpenSSL skips them
                    }
                }
                blocks++;
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Contents(certs, crls, true, "PEM block " + (blocks + 1) + " does not decode: " + why);
        }
        return new Contents(certs, crls, false, "");
    }

    private static X509Certificate certificate(PemObject o) throws IOException, GeneralSecurityException {
        try (ASN1InputStream in = new ASN1InputStream(o.getContent())) {
            Certificate cert = Certificate.getInstance(in.readObject()); // the first object: aux data may follow
            return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
        }
    }

    private static X509CRL crl(PemObject o) throws GeneralSecurityException {
        return (X509CRL) factory().generateCRL(new ByteArrayInputStream(o.getContent()));
    }

    private static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
