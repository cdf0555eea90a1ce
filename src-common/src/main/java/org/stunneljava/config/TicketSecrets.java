package org.stunneljava.config;

import java.util.Arrays;

/**
 * {@code ticketKeySecret} and {@code ticketMacSecret}, decoded from hex: 16 or 32 bytes each. Immutable (copies in
 * and out).
 */
public record TicketSecrets(byte[] keySecret, byte[] macSecret) {
    public TicketSecrets {
        keySecret = keySecret.clone();
        macSecret = macSecret.clone();
    }

    @Override
    public byte[] keySecret() {
        return keySecret.clone();
    }

    @Override
    public byte[] macSecret() {
        return macSecret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TicketSecrets t && Arrays.equals(keySecret, t.keySecret)
                && Arrays.equals(macSecret, t.macSecret);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(keySecret) + Arrays.hashCode(macSecret);
    }

    @Override
    public String toString() {
        return "TicketSecrets[redacted]";
    }
}
