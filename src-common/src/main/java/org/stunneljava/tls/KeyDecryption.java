package org.stunneljava.tls;

import java.io.IOException;
import java.security.Provider;
import java.util.Optional;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.EncryptionException;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.stunneljava.config.KeyPassword;

/**
 * Decrypts password-protected private keys with Bouncy Castle's own decryptors: OpenSSL's legacy PEM encryption
 * ({@code Proc-Type: 4,ENCRYPTED} with {@code DEK-Info}, over PKCS#1 or SEC1) and encrypted PKCS#8 ({@code BEGIN
 * ENCRYPTED PRIVATE KEY}: PBES2 with PBKDF2 or scrypt, PKCS#12 PBE, PBES1). The provider is a private instance,
 * never registered with the JVM, so nothing else starts using it. Stateless.
 */
final class KeyDecryption {
    /** What every "needs a password" message ends with: stunnel would prompt, we cannot. */
    static final String ADD_PASSWORD = "add \"keyPasswordFile = FILE\" or \"keyPasswordEnv = NAME\"";

    private KeyDecryption() {
    }

    /** Loaded on first use: most services never decrypt anything. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    static Provider provider() {
        return Bc.PROVIDER;
    }

    /** The PBE decryptor used for PKCS#8 and PKCS#12; {@code twoZeroBytes}: see {@link Pkcs12Reader}. */
    static InputDecryptorProvider pbe(char[] password, boolean twoZeroBytes) {
        InputDecryptorProvider jce = new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(provider())
                .setTryWrongPKCS12Zero(twoZeroBytes).build(password);
        return password.length == 0 ? new EmptyPasswordPbes2(jce) : jce;
    }

    static PrivateKeyInfo legacyPem(PEMEncryptedKeyPair key, MaterialFile file, KeyPassword password)
            throws TlsMaterialException {
        char[] chars = required(file, password);
        try {
            return key.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(provider()).build(chars))
                    .getPrivateKeyInfo();
        } catch (EncryptionException e) {
            if (e.getCause() == null) { // Bouncy Castle knows no such DEK-Info cipher; a failed decryption has a cause
                throw file.error("cannot decrypt the private key: unsupported DEK-Info cipher "
                        + key.getDekAlgName(), e);
            }
            throw badDecrypt(file, password, e);
        } catch (IOException | RuntimeException e) {
            // A wrong password fails the padding check, or (1 time in 256) yields bytes that are no key.
            throw badDecrypt(file, password, e);
        }
    }

    static PrivateKeyInfo pkcs8(PKCS8EncryptedPrivateKeyInfo key, MaterialFile file, KeyPassword password)
            throws TlsMaterialException {
        char[] chars = required(file, password);
        try {
            return key.decryptPrivateKeyInfo(pbe(chars, false));
        } catch (PKCSException e) {
            if (e.getCause() instanceof OperatorCreationException unsupported) {
                throw file.error("cannot decrypt the private key: unsupported encryption "
                        + key.getEncryptionAlgorithm().getAlgorithm() + ": " + unsupported.getMessage(), e);
            }
            throw badDecrypt(file, password, e);
        } catch (RuntimeException e) {
            throw file.error("cannot decrypt the private key: unsupported encryption parameters: "
                    + e.getMessage(), e);
        }
    }

    private static char[] required(MaterialFile file, KeyPassword password) throws TlsMaterialException {
        Optional<char[]> chars = password.chars();
        if (chars.isEmpty()) {
            throw file.error("the private key is encrypted: " + ADD_PASSWORD);
        }
        return chars.get();
    }

    /** OpenSSL's phrase for a wrong password, then which password was wrong. */
    private static TlsMaterialException badDecrypt(MaterialFile file, KeyPassword password, Exception cause) {
        return file.error("bad decrypt: the password from " + password.source()
                + " does not decrypt the private key", cause);
    }
}
