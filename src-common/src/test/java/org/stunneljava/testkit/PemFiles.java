package org.stunneljava.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.openssl.PEMEncryptor;
import org.bouncycastle.util.encoders.Hex;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Writes certificates and keys in the file formats stunnel and openssl read. Every method creates or replaces
 * one file; key files are written with mode 0600 where the file system allows, as a careful operator would.
 */
public final class PemFiles {
    /** OpenSSL's legacy key derivation exists only in BC's provider; used here, never registered globally. */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private PemFiles() {
    }

    /** PEM text of certificates, in the given order. */
    public static String certs(List<X509Certificate> certs) {
        return pem(certs.toArray());
    }

    /** PEM text of CRLs ({@code BEGIN X509 CRL}), in the given order. */
    public static String crls(List<java.security.cert.X509CRL> crls) {
        return pem(crls.toArray());
    }

    /** PEM text of a key in PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    public static String pkcs8(PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM text of a key in OpenSSL's traditional form: PKCS#1 for RSA, SEC1 for EC. */
    public static String traditional(KeyPair keys) {
        return pem(traditionalObject(keys));
    }

    /** PEM text of a key in encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}, AES-256-CBC). */
    public static String encryptedPkcs8(PrivateKey key, char[] password) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(BC).setPassword(password).build();
            return pem(new JcaPKCS8Generator(key, encryptor));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM text of a key in OpenSSL's legacy encrypted form ({@code Proc-Type: 4,ENCRYPTED}, AES-256-CBC). */
    public static String encryptedTraditional(KeyPair keys, char[] password) {
        PemObject plain = traditionalObject(keys);
        PEMEncryptor encryptor = new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(password);
        List<PemHeader> headers = List.of(new PemHeader("Proc-Type", "4,ENCRYPTED"),
                new PemHeader("DEK-Info", encryptor.getAlgorithm() + "," + Hex.toHexString(encryptor.getIV())
                        .toUpperCase(java.util.Locale.ROOT)));
        try {
            return pem(new PemObject(plain.getType(), headers, encryptor.encrypt(plain.getContent())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PemObject traditionalObject(KeyPair keys) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        try {
            if (!keys.getPrivate().getAlgorithm().equals("EC")) {
                return new PemObject("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
            }
            // The JDK's PKCS#8 EC encoding leaves the curve out of the inner SEC1 structure, and openssl cannot
            // read a bare SEC1 key without it: build RFC 5915's ECPrivateKey with curve and public key spelled out.
            SubjectPublicKeyInfo pub = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
            BigInteger d = ECPrivateKey.getInstance(info.getPrivateKey().getOctets()).getKey();
            int orderBits = ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getParams().getOrder()
                    .bitLength();
            ECPrivateKey sec1 = new ECPrivateKey(orderBits, d, pub.getPublicKeyData(),
                    info.getPrivateKeyAlgorithm().getParameters());
            return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes text to a file. */
    public static Path write(Path file, String... parts) throws IOException {
        Files.writeString(file, String.join("", parts), StandardCharsets.US_ASCII);
        return file;
    }

    /** Writes text that holds a private key, readable by the owner only. */
    public static Path writeSecret(Path file, String... parts) throws IOException {
        write(file, parts);
        restrict(file);
        return file;
    }

    /** Writes a PKCS#12 file with one key entry; an empty password gives a file openssl opens with {@code -passin pass:}. */
    public static Path pkcs12(Path file, PrivateKey key, List<X509Certificate> chain, char[] password)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", key, password, chain.toArray(Certificate[]::new));
            ks.store(out, password);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot write " + file, e);
        }
        restrict(file);
        return file;
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to restrict.
        }
    }

    private static String pem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                if (o instanceof PemObject p) {
                    w.writeObject(p);
                } else if (o instanceof org.bouncycastle.util.io.pem.PemObjectGenerator g) {
                    w.writeObject(g);
                } else {
                    w.writeObject(o);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }
}
