package org.stunneljava.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One {@code IDENTITY:KEY} line of a {@code PSKsecrets} file. Both are kept as the bytes stunnel hands to OpenSSL:
 * the identity goes on the wire as written in the file, the key is the decoded hex or the text as written.
 * Immutable: the arrays are copied in and out.
 */
public record PskKey(byte[] identity, byte[] key) {
    public PskKey {
        identity = identity.clone();
        key = key.clone();
    }

    @Override
    public byte[] identity() {
        return identity.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The identity for log lines (stunnel prints the raw bytes; the files are ASCII or UTF-8 in practice). */
    public String identityText() {
        return new String(identity, StandardCharsets.UTF_8);
    }

    public boolean hasIdentity(byte[] candidate) {
        return Arrays.equals(identity, candidate);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PskKey other && Arrays.equals(identity, other.identity) && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(identity) + Arrays.hashCode(key);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "PskKey[identity=" + identityText() + ", " + key.length + "-byte key]";
    }
}
