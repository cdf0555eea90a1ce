package org.stunneljava.tls;

import java.io.IOException;
import java.util.Arrays;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Checks that a private key belongs to a certificate (OpenSSL's {@code SSL_CTX_check_private_key}) by deriving
 * the public half from the private key and comparing; no signing needed. Stateless.
 */
final class KeyMatcher {
    private KeyMatcher() {
    }

    /** The key's type when it matches {@code certKey}; throws naming the key file otherwise. */
    static KeyType check(PrivateKeyInfo key, SubjectPublicKeyInfo certKey, MaterialFile keyFile, String certDesc)
            throws TlsMaterialException {
        AsymmetricKeyParameter priv;
        AsymmetricKeyParameter pub;
        try {
            priv = PrivateKeyFactory.createKey(key);
            pub = PublicKeyFactory.createKey(certKey);
        } catch (IOException | RuntimeException e) {
            throw keyFile.error("unsupported or damaged private key: " + e.getMessage(), e);
        }
        KeyType type = typeOf(priv, keyFile);
        if (!matches(priv, pub)) {
            throw keyFile.error("private key does not match the certificate " + certDesc);
        }
        return type;
    }

    /** Whether {@code key} belongs to {@code certKey}; false for keys that cannot be read or compared. */
    static boolean matches(PrivateKeyInfo key, SubjectPublicKeyInfo certKey) {
        try {
            return matches(PrivateKeyFactory.createKey(key), PublicKeyFactory.createKey(certKey));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static KeyType typeOf(AsymmetricKeyParameter priv, MaterialFile keyFile) throws TlsMaterialException {
        return switch (priv) {
            case RSAPrivateCrtKeyParameters k -> KeyType.RSA;
            case ECPrivateKeyParameters k -> KeyType.EC;
            case Ed25519PrivateKeyParameters k -> KeyType.ED25519;
            case Ed448PrivateKeyParameters k -> KeyType.ED448;
            default -> throw keyFile.error("unsupported private key type " + priv.getClass().getSimpleName()
                    + " (RSA, EC, Ed25519 and Ed448 are supported)");
        };
    }

    private static boolean matches(AsymmetricKeyParameter priv, AsymmetricKeyParameter pub) {
        return switch (priv) {
            case RSAPrivateCrtKeyParameters k -> pub instanceof RSAKeyParameters p && !p.isPrivate()
                    && k.getModulus().equals(p.getModulus()) && k.getPublicExponent().equals(p.getExponent());
            case ECPrivateKeyParameters k -> pub instanceof ECPublicKeyParameters p
                    && k.getParameters().getCurve().equals(p.getParameters().getCurve())
                    && k.getParameters().getG().multiply(k.getD()).normalize().equals(p.getQ().normalize());
            case Ed25519PrivateKeyParameters k -> pub instanceof Ed25519PublicKeyParameters p
                    && Arrays.equals(k.generatePublicKey().getEncoded(), p.getEncoded());
            case Ed448PrivateKeyParameters k -> pub instanceof Ed448PublicKeyParameters p
                    && Arrays.equals(k.generatePublicKey().getEncoded(), p.getEncoded());
            default -> false;
        };
    }
}
