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
import org.stunneljava.config.KeyPassword;

/**
 * Reads the PEM objects stunnel's files hold: certificates (also OpenSSL's {@code TRUSTED CERTIFICATE}) and one
 * private key in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}),
 * plain or encrypted ({@code ENCRYPTED PRIVATE KEY}, or OpenSSL's {@code Proc-Type: 4,ENCRYPTED} headers).
 * Other blocks (EC PARAMETERS, CRLs, public keys) and text outside blocks (openssl's "Bag Attributes") are
 * skipped, as OpenSSL skips them. Stateless.
 */
final class PemReader {
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

    /** The first private key, if the file has one, decrypted with {@code password} when it is encrypted. */
    static Optional<PrivateKeyInfo> privateKey(MaterialFile file, KeyPassword password) throws TlsMaterialException {
        for (Object o : objects(file)) {
            switch (o) {
                case PrivateKeyInfo k -> {
                    return Optional.of(k);
                }
                case PEMKeyPair pair -> {
                    return Optional.of(pair.getPrivateKeyInfo());
                }
                case PEMEncryptedKeyPair e -> {
                    return Optional.of(KeyDecryption.legacyPem(e, file, password));
                }
                case PKCS8EncryptedPrivateKeyInfo e -> {
                    return Optional.of(KeyDecryption.pkcs8(e, file, password));
                }
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
