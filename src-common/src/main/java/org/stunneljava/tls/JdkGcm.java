package org.stunneljava.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;

/**
 * One direction of AES-GCM record protection on a JDK {@link Cipher}, for {@link HybridTlsCrypto}. Bouncy Castle's
 * own JCA adapter ({@code JceAEADCipherImpl}) does the same work but looks up and fills a JCA
 * {@code AlgorithmParameters} object for every record (a provider lookup, ~10% of the Java CPU time of a
 * keep-alive load in JFR) and asks the Cipher for every output size; here each record costs one
 * {@code Cipher.init} with a {@link GCMParameterSpec}. Errors surface as Bouncy Castle's adapter raises them
 * ({@link IllegalStateException}, which the record layer turns into a bad_record_mac alert). One instance per
 * direction of a connection, used by one thread at a time (Bouncy Castle's record layer serializes each direction).
 */
final class JdkGcm implements TlsAEADCipherImpl {
    private final Cipher cipher;
    private final int mode;
    private final int keySize;
    private SecretKey key;
    private int macSize;

    JdkGcm(int keySize, boolean encrypting) throws GeneralSecurityException {
        this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        this.mode = encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
        this.keySize = keySize;
    }

    @Override
    public void setKey(byte[] keyBytes, int off, int len) {
        if (len != keySize) {
            throw new IllegalStateException("AES-GCM key of " + len + " bytes, expected " + keySize);
        }
        this.key = new SecretKeySpec(keyBytes, off, len, "AES");
    }

    @Override
    public void init(byte[] nonce, int macSize) {
        this.macSize = macSize;
        try {
            cipher.init(mode, key, new GCMParameterSpec(macSize * 8, nonce));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public int getOutputSize(int inputLength) {
        return mode == Cipher.ENCRYPT_MODE ? inputLength + macSize : Math.max(0, inputLength - macSize);
    }

    @Override
    public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
            int outputOffset) throws IOException {
        if (additionalData != null && additionalData.length > 0) {
            cipher.updateAAD(additionalData);
        }
        try {
            return cipher.doFinal(input, inputOffset, inputLength, output, outputOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
