package org.stunneljava.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM objects stunnel's files hold: certificates (also OpenSSL's {@code TRUSTED CERTIFICATE}) and one
 * private key in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}).
 * Other blocks (EC PARAMETERS, CRLs, public keys) are skipped, as OpenSSL skips them. Stateless.
 */
final class PemReader {
    /** Where an encrypted key is met: stunnel would prompt on the terminal; we cannot yet. */
    static final String ENCRYPTED = "encrypted private keys are not supported yet; decrypt it with"
            + " \"openssl pkey -in FILE -out NEWFILE\" and protect the file with chmod 600";

    private PemReader() {
    }

    /** The certificates in file order. */
    static List<X509CertificateHolder> certificates(MaterialFile file) throws TlsMaterialException {
        List<X509CertificateHolder> out = new ArrayList<>();
        for (Object o : objects(file)) {
            if (o instanceof X509CertificateHolder c) {
                out.add(c);
            } else if (o instanceof X509TrustedCertificateBlock t) {
                out.add(t.getCertificateHolder());
            }
        }
        return out;
    }

    /** The first private key, if the file has one. */
    static Optional<PrivateKeyInfo> privateKey(MaterialFile file) throws TlsMaterialException {
        for (Object o : objects(file)) {
            switch (o) {
                case PrivateKeyInfo k -> {
                    return Optional.of(k);
                }
                case PEMKeyPair pair -> {
                    return Optional.of(pair.getPrivateKeyInfo());
                }
                case PEMEncryptedKeyPair e -> throw file.error(ENCRYPTED);
                case PKCS8EncryptedPrivateKeyInfo e -> throw file.error(ENCRYPTED);
                default -> {
                }
            }
        }
        return Optional.empty();
    }

    private static List<Object> objects(MaterialFile file) throws TlsMaterialException {
        List<Object> out = new ArrayList<>();
        String text = new String(file.bytes(), StandardCharsets.ISO_8859_1);
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw file.error("malformed PEM data: " + e.getMessage(), e);
        }
        return out;
    }
}
