package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stunneljava.config.TicketSecrets;

/**
 * Session tickets: sealed and opened with the service's keys; refused when another key sealed them, when a byte
 * changed, for another service, after the lifetime; shared secrets give the same keys everywhere.
 */
class TicketSealerTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LIFETIME = Duration.ofSeconds(300);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final TicketSecrets SECRETS = new TicketSecrets(
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
            HexFormat.of().parseHex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"));

    private static TicketContents contents(Instant issued) {
        Map<Integer, byte[]> extensions = new LinkedHashMap<>();
        extensions.put(0xff01, new byte[]{0});
        extensions.put(23, new byte[0]);
        return new TicketContents(issued, 0x0303, 0xc02b, true, true, bytes(48, 1), bytes(32, 2), bytes(5, 3),
                extensions, List.of(bytes(700, 4), bytes(600, 5)));
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    private static TicketSealer sealer(TicketKeys keys, String service) {
        return new TicketSealer(keys, service, LIFETIME, RANDOM);
    }

    @Test
    void aSealedTicketOpensToTheSameContents() {
        TicketSealer s = sealer(TicketKeys.random(RANDOM), "svc");
        TicketContents in = contents(NOW);
        TicketSealer.Opened out = s.open(s.seal(in), NOW.plusSeconds(10));
        assertTrue(out.ok(), out.refusal());
        TicketContents c = out.contents();
        assertEquals(in.issued(), c.issued());
        assertEquals(0x0303, c.version());
        assertEquals(0xc02b, c.cipherSuite());
        assertTrue(c.extendedMasterSecret());
        assertTrue(c.redirected());
        assertArrayEquals(in.masterSecret(), c.masterSecret());
        assertArrayEquals(in.handle(), c.handle());
        assertArrayEquals(in.pskIdentity(), c.pskIdentity());
        assertEquals(in.serverExtensions().keySet(), c.serverExtensions().keySet());
        assertArrayEquals(in.serverExtensions().get(0xff01), c.serverExtensions().get(0xff01));
        assertEquals(2, c.peerChain().size());
        assertArrayEquals(in.peerChain().get(1), c.peerChain().get(1));
    }

    @Test
    void theMasterSecretIsNotInTheClear() {
        TicketContents in = contents(NOW);
        byte[] ticket = sealer(TicketKeys.random(RANDOM), "svc").seal(in);
        String hex = HexFormat.of().formatHex(ticket);
        assertFalse(hex.contains(HexFormat.of().formatHex(Arrays.copyOf(in.masterSecret(), 8))));
    }

    @Test
    void everyChangedByteIsRefused() {
        TicketSealer s = sealer(TicketKeys.random(RANDOM), "svc");
        byte[] ticket = s.seal(contents(NOW));
        for (int i = 0; i < ticket.length; i++) {
            byte[] bad = ticket.clone();
            bad[i] ^= 0x01;
            TicketSealer.Opened out = s.open(bad, NOW);
            assertFalse(out.ok(), "byte " + i);
            assertEquals(i < TicketKeys.NAME_LENGTH ? "sealed with another key" : "damaged or issued by another service",
                    out.refusal(), "byte " + i);
        }
        assertEquals("too short", s.open(Arrays.copyOf(ticket, 40), NOW).refusal());
        assertEquals("damaged or issued by another service",
                s.open(Arrays.copyOf(ticket, ticket.length - 1), NOW).refusal());
    }

    @Test
    void anotherKeysTicketIsRefusedByItsKeyName() {
        byte[] ticket = sealer(TicketKeys.random(RANDOM), "svc").seal(contents(NOW));
        assertEquals("sealed with another key", sealer(TicketKeys.random(RANDOM), "svc").open(ticket, NOW).refusal());
    }

    @Test
    void anotherServicesTicketIsRefused() {
        TicketKeys keys = TicketKeys.derive(SECRETS);
        byte[] ticket = sealer(keys, "svc-a").seal(contents(NOW));
        assertEquals("damaged or issued by another service", sealer(keys, "svc-b").open(ticket, NOW).refusal());
    }

    @Test
    void aTicketExpiresAfterTheLifetimeEitherWay() {
        TicketSealer s = sealer(TicketKeys.random(RANDOM), "svc");
        byte[] ticket = s.seal(contents(NOW));
        assertTrue(s.open(ticket, NOW.plus(LIFETIME).minusSeconds(1)).ok());
        assertEquals("expired", s.open(ticket, NOW.plus(LIFETIME)).refusal());
        assertTrue(s.open(ticket, NOW.minus(LIFETIME).plusSeconds(1)).ok(), "a fleet member's clock a little behind");
        assertEquals("expired", s.open(ticket, NOW.minus(LIFETIME)).refusal());
    }

    @Test
    void sharedSecretsGiveTheSameKeysOnEveryServer() {
        byte[] ticket = sealer(TicketKeys.derive(SECRETS), "svc").seal(contents(NOW));
        assertTrue(sealer(TicketKeys.derive(SECRETS), "svc").open(ticket, NOW).ok(), "a restart or another server");
        byte[] otherMac = SECRETS.macSecret();
        otherMac[0] ^= 1;
        TicketKeys other = TicketKeys.derive(new TicketSecrets(SECRETS.keySecret(), otherMac));
        assertEquals("sealed with another key", sealer(other, "svc").open(ticket, NOW).refusal(),
                "both secrets take part");
    }

    @Test
    void theAesKeyIsAsLongAsTicketKeySecret() {
        assertEquals(32, TicketKeys.derive(SECRETS).key().getEncoded().length);
        TicketSecrets short16 = new TicketSecrets(Arrays.copyOf(SECRETS.keySecret(), 16), SECRETS.macSecret());
        assertEquals(16, TicketKeys.derive(short16).key().getEncoded().length);
        assertEquals(32, TicketKeys.random(RANDOM).key().getEncoded().length);
    }

    @Test
    void randomKeysDifferPerService() {
        TicketKeys a = TicketKeys.random(RANDOM);
        TicketKeys b = TicketKeys.random(RANDOM);
        assertNotEquals(HexFormat.of().formatHex(a.name()), HexFormat.of().formatHex(b.name()));
    }

    /** The key name check is MessageDigest.isEqual, the JDK's constant-time comparison, on the whole name. */
    @Test
    void theKeyNameComparisonLooksAtEveryByteAndTheLength() {
        TicketKeys keys = TicketKeys.random(RANDOM);
        byte[] name = keys.name();
        assertTrue(keys.named(name.clone()));
        for (int i = 0; i < name.length; i++) {
            byte[] other = name.clone();
            other[i] ^= (byte) 0x80;
            assertFalse(keys.named(other), "byte " + i);
        }
        assertFalse(keys.named(Arrays.copyOf(name, name.length - 1)));
    }

    @Test
    void aTicketTooBigForTheMessageIsNotIssued() {
        TicketContents huge = new TicketContents(NOW, 0x0303, 0xc02b, true, false, bytes(48, 1), bytes(32, 2),
                new byte[0], Map.of(), List.of(bytes(40000, 1), bytes(40000, 2)));
        assertNull(sealer(TicketKeys.random(RANDOM), "svc").seal(huge));
    }

    @Test
    void contentsDecodeRefusesTrailingAndMissingBytes() {
        byte[] encoded = contents(NOW).encode();
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        assertThrows(IllegalArgumentException.class, () -> TicketContents.decode(longer));
        assertThrows(IllegalArgumentException.class,
                () -> TicketContents.decode(Arrays.copyOf(encoded, encoded.length - 1)));
        byte[] otherFormat = encoded.clone();
        otherFormat[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> TicketContents.decode(otherFormat));
    }
}
