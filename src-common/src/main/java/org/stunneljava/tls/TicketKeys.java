package org.stunneljava.tls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.stunneljava.config.TicketSecrets;

/**
 * The key that seals a service's session tickets, and its public name (RFC 5077 section 4's key_name), which a
 * ticket carries in clear so that a server can tell "not my key" from "tampered with".
 *
 * <p>With {@code ticketKeySecret} and {@code ticketMacSecret} both are derived with HKDF-SHA256 from the two
 * secrets, so every server configured with the same pair (a fleet, or this server after a restart) opens every
 * other's tickets; the AES-GCM key is as long as {@code ticketKeySecret} (16 bytes: AES-128, 32: AES-256, as
 * stunnel picks AES-128-CBC or AES-256-CBC). Without them the key and name are random per service and per start,
 * as OpenSSL's own ticket keys are. Immutable.
 */
public final class TicketKeys {
    static final int NAME_LENGTH = 16;
    private static final byte[] SALT = "stunnel-java session ticket keys v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] name;
    private final SecretKey key;

    private TicketKeys(byte[] name, SecretKey key) {
        this.name = name;
        this.key = key;
    }

    public static TicketKeys derive(TicketSecrets secrets) {
        byte[] keySecret = secrets.keySecret();
        byte[] macSecret = secrets.macSecret();
        byte[] ikm = new byte[keySecret.length + macSecret.length];
        System.arraycopy(keySecret, 0, ikm, 0, keySecret.length);
        System.arraycopy(macSecret, 0, ikm, keySecret.length, macSecret.length);
        try {
            KDF hkdf = KDF.getInstance("HKDF-SHA256");
            byte[] name = hkdf.deriveData(HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(SALT)
                    .thenExpand(label("key name"), NAME_LENGTH));
            SecretKey key = hkdf.deriveKey("AES", HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(SALT)
                    .thenExpand(label("aes-gcm key"), keySecret.length));
            return new TicketKeys(name, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 is part of every JDK 25", e);
        } finally {
            java.util.Arrays.fill(ikm, (byte) 0);
            java.util.Arrays.fill(keySecret, (byte) 0);
            java.util.Arrays.fill(macSecret, (byte) 0);
        }
    }

    public static TicketKeys random(SecureRandom random) {
        byte[] name = new byte[NAME_LENGTH];
        byte[] key = new byte[32];
        random.nextBytes(name);
        random.nextBytes(key);
        return new TicketKeys(name, new SecretKeySpec(key, "AES"));
    }

    byte[] name() {
        return name.clone();
    }

    SecretKey key() {
        return key;
    }

    /** Whether a ticket names this key; constant-time, so the comparison tells an attacker nothing byte by byte. */
    boolean named(byte[] candidate) {
        return MessageDigest.isEqual(name, candidate);
    }

    private static byte[] label(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
