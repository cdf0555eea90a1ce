package org.stunneljava.tls;

import java.io.InputStream;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.io.CipherInputStream;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.util.CipherFactory;
import org.bouncycastle.crypto.util.DigestFactory;
import org.bouncycastle.operator.DefaultSecretKeySizeProvider;
import org.bouncycastle.operator.InputDecryptor;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * PBES2 (PBKDF2 + a block cipher) with an empty password, from Bouncy Castle's lightweight PBKDF2 and cipher
 * factory. Needed because Bouncy Castle's JCE PBKDF2 refuses an empty password ("password empty"), while OpenSSL 3
 * ({@code openssl pkcs12 -export -passout pass:}) and Java's KeyStore write exactly that for "unprotected" PKCS#12
 * files. Every other algorithm goes to the provider it wraps. Immutable.
 */
final class EmptyPasswordPbes2 implements InputDecryptorProvider {
    private final InputDecryptorProvider others;

    EmptyPasswordPbes2(InputDecryptorProvider others) {
        this.others = others;
    }

    @Override
    public InputDecryptor get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
        if (!PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())) {
            return others.get(algorithm);
        }
        PBES2Parameters params = PBES2Parameters.getInstance(algorithm.getParameters());
        if (!PKCSObjectIdentifiers.id_PBKDF2.equals(params.getKeyDerivationFunc().getAlgorithm())) {
            return others.get(algorithm); // scrypt: refuses an empty password as OpenSSL does
        }
        PBKDF2Params kdf = PBKDF2Params.getInstance(params.getKeyDerivationFunc().getParameters());
        AlgorithmIdentifier scheme = AlgorithmIdentifier.getInstance(params.getEncryptionScheme());
        int keyBits = kdf.getKeyLength() != null ? kdf.getKeyLength().intValueExact() * 8
                : DefaultSecretKeySizeProvider.INSTANCE.getKeySize(scheme);
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(prf(kdf));
        generator.init(new byte[0], kdf.getSalt(), kdf.getIterationCount().intValueExact());
        KeyParameter key = (KeyParameter) generator.generateDerivedParameters(keyBits);
        Object cipher;
        try {
            cipher = CipherFactory.createContentCipher(false, key, scheme);
        } catch (IllegalArgumentException e) {
            throw new OperatorCreationException("unsupported PBES2 cipher " + scheme.getAlgorithm(), e);
        }
        if (!(cipher instanceof BufferedBlockCipher block)) {
            throw new OperatorCreationException("unsupported PBES2 cipher " + scheme.getAlgorithm());
        }
        return new InputDecryptor() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public InputStream getInputStream(InputStream encrypted) {
                return new CipherInputStream(encrypted, block);
            }
        };
    }

    private static Digest prf(PBKDF2Params kdf) throws OperatorCreationException {
        if (kdf.isDefaultPrf()) {
            return DigestFactory.createSHA1();
        }
        ASN1ObjectIdentifier hmac = kdf.getPrf().getAlgorithm();
        if (hmac.equals(PKCSObjectIdentifiers.id_hmacWithSHA256)) {
            return DigestFactory.createSHA256();
        } else if (hmac.equals(PKCSObjectIdentifiers.id_hmacWithSHA384)) {
            return DigestFactory.createSHA384();
        } else if (hmac.equals(PKCSObjectIdentifiers.id_hmacWithSHA512)) {
            return DigestFactory.createSHA512();
        } else if (hmac.equals(PKCSObjectIdentifiers.id_hmacWithSHA224)) {
            return DigestFactory.createSHA224();
        } else if (hmac.equals(PKCSObjectIdentifiers.id_hmacWithSHA1)) {
            return DigestFactory.createSHA1();
        }
        throw new OperatorCreationException("unsupported PBKDF2 PRF " + hmac);
    }
}
