package org.stunneljava.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens a service's TLS 1.2 session tickets (RFC 5077), as the format RFC 5077 section 4 recommends
 * with an AEAD in place of CBC + HMAC: {@code key_name(16) | nonce(12) | AES-GCM(contents) | tag(16)}. The
 * additional data is the key name and the service name, so a ticket opens only for the service it was issued by
 * (as OpenSSL ties a session to stunnel's section name, its session id context). Opening refuses, without telling
 * more than a reason for a debug line: another key's ticket, a tampered or truncated one (tag check, constant-time
 * in the JDK), and one older than {@code sessionCacheTimeout} (or as far in the future: a fleet's clocks differ a
 * little, a forged date cannot pass the tag). Thread-safe.
 */
final class TicketSealer {
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    /** RFC 5077 3.3: the ticket is opaque<0..2^16-1>. */
    static final int MAX_TICKET = 65535;

    private final TicketKeys keys;
    private final byte[] service;
    private final Duration lifetime;
    private final SecureRandom random;

    /** The outcome of {@link #open}: contents, or why not. */
    record Opened(TicketContents contents, String refusal) {
        boolean ok() {
            return contents != null;
        }
    }

    TicketSealer(TicketKeys keys, String service, Duration lifetime, SecureRandom random) {
        this.keys = keys;
        this.service = service.getBytes(StandardCharsets.UTF_8);
        this.lifetime = lifetime;
        this.random = random;
    }

    Duration lifetime() {
        return lifetime;
    }

    /** @return the ticket, or null when it would exceed what a NewSessionTicket can carry */
    byte[] seal(TicketContents contents) {
        byte[] plain = contents.encode();
        try {
            byte[] name = keys.name();
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, keys.key(), new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(name);
            gcm.updateAAD(service);
            int sealedLength = gcm.getOutputSize(plain.length);
            if (name.length + NONCE + sealedLength > MAX_TICKET) {
                return null;
            }
            byte[] ticket = new byte[name.length + NONCE + sealedLength];
            System.arraycopy(name, 0, ticket, 0, name.length);
            System.arraycopy(nonce, 0, ticket, name.length, NONCE);
            gcm.doFinal(plain, 0, plain.length, ticket, name.length + NONCE);
            return ticket;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    Opened open(byte[] ticket, Instant now) {
        int header = TicketKeys.NAME_LENGTH + NONCE;
        if (ticket.length < header + TAG_BITS / 8) {
            return new Opened(null, "too short");
        }
        if (!keys.named(Arrays.copyOfRange(ticket, 0, TicketKeys.NAME_LENGTH))) {
            return new Opened(null, "sealed with another key");
        }
        byte[] plain = null;
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, keys.key(),
                    new GCMParameterSpec(TAG_BITS, ticket, TicketKeys.NAME_LENGTH, NONCE));
            gcm.updateAAD(ticket, 0, TicketKeys.NAME_LENGTH);
            gcm.updateAAD(service);
            plain = gcm.doFinal(ticket, header, ticket.length - header);
            TicketContents contents = TicketContents.decode(plain);
            Duration age = Duration.between(contents.issued(), now);
            if (age.abs().compareTo(lifetime) >= 0) {
                return new Opened(null, "expired");
            }
            return new Opened(contents, null);
        } catch (AEADBadTagException e) {
            return new Opened(null, "damaged or issued by another service");
        } catch (IllegalArgumentException e) {
            return new Opened(null, e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }
}
