package org.stunneljava.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Bouncy Castle's own crypto for key exchange and signatures (measured ~2x the handshakes/s of the JDK providers)
 * with AES-GCM record protection handed to the JDK (AES-NI intrinsics: ~12x BC's pure-Java AES). DESIGN.md §2.
 * Key derivation stays on the BC side; the JDK cipher only receives the derived key bytes, so both halves
 * interoperate (a key-update test guards this). The record cipher is BC's {@link TlsAEADCipher} (nonces, additional
 * data, TLS 1.3 inner plaintext) over {@link JdkGcm}, the per-record JDK calls.
 */
public final class HybridTlsCrypto extends BcTlsCrypto {
    private static final int GCM_TAG = 16;

    public HybridTlsCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    public TlsCipher createCipher(TlsCryptoParameters cryptoParams, int encryptionAlgorithm, int macAlgorithm)
            throws IOException {
        return switch (encryptionAlgorithm) {
            case EncryptionAlgorithm.AES_128_GCM -> gcm(cryptoParams, 16);
            case EncryptionAlgorithm.AES_256_GCM -> gcm(cryptoParams, 32);
            default -> super.createCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
        };
    }

    private static TlsCipher gcm(TlsCryptoParameters cryptoParams, int keySize) throws IOException {
        try {
            return new TlsAEADCipher(cryptoParams, new JdkGcm(keySize, true), new JdkGcm(keySize, false), keySize,
                    GCM_TAG, TlsAEADCipher.AEAD_GCM);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }
}
