package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SessionParameters;
import org.junit.jupiter.api.Test;
import org.stunneljava.testkit.MutableClock;

/** The server's session-ID cache: its bound, its timeout, and that it owns (and zeroes) its secrets. */
class SessionCacheTest {
    private static final HybridTlsCrypto CRYPTO = new HybridTlsCrypto(new SecureRandom());
    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private static byte[] id(int n) {
        return java.nio.ByteBuffer.allocate(32).putInt(28, n).array();
    }

    private static SessionParameters params() {
        return new SessionParameters.Builder()
                .setCipherSuite(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .setMasterSecret(CRYPTO.createSecret(new byte[48]))
                .setNegotiatedVersion(ProtocolVersion.TLSv12)
                .setExtendedMasterSecret(true)
                .build();
    }

    @Test
    void keepsAtMostSessionCacheSizeEntriesDroppingTheOldest() {
        SessionCache cache = new SessionCache(2, TIMEOUT, clock);
        SessionParameters first = params();
        cache.put(id(1), first, new SessionState());
        clock.advance(Duration.ofSeconds(1));
        cache.put(id(2), params(), new SessionState());
        clock.advance(Duration.ofSeconds(1));
        cache.put(id(3), params(), new SessionState());
        assertEquals(2, cache.size());
        assertEquals(Optional.empty(), cache.get(id(1)));
        assertTrue(cache.get(id(2)).isPresent());
        assertTrue(cache.get(id(3)).isPresent());
        assertFalse(first.getMasterSecret().isAlive(), "an evicted entry's master secret is destroyed");
    }

    @Test
    void zeroMeansUnlimited() {
        SessionCache cache = new SessionCache(0, TIMEOUT, clock);
        for (int i = 0; i < 2000; i++) {
            cache.put(id(i), params(), new SessionState());
        }
        assertEquals(2000, cache.size());
    }

    @Test
    void anEntryExpiresAtSessionCacheTimeout() {
        SessionCache cache = new SessionCache(10, TIMEOUT, clock);
        SessionState state = new SessionState();
        cache.put(id(1), params(), state);
        clock.advance(TIMEOUT.minusSeconds(1));
        assertSame(state, cache.get(id(1)).orElseThrow().state());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), cache.get(id(1)));
        assertEquals(0, cache.size());
    }

    @Test
    void expiredEntriesGoWhenAnEntryIsAdded() {
        SessionCache cache = new SessionCache(0, TIMEOUT, clock);
        cache.put(id(1), params(), new SessionState());
        cache.put(id(2), params(), new SessionState());
        clock.advance(TIMEOUT);
        cache.put(id(3), params(), new SessionState());
        assertEquals(1, cache.size());
    }

    @Test
    void aZeroTimeoutResumesNothing() {
        SessionCache cache = new SessionCache(10, Duration.ZERO, clock);
        cache.put(id(1), params(), new SessionState());
        assertEquals(Optional.empty(), cache.get(id(1)));
    }

    @Test
    void theSameIdIsReplaced() {
        SessionCache cache = new SessionCache(10, TIMEOUT, clock);
        SessionState second = new SessionState();
        cache.put(id(1), params(), new SessionState());
        cache.put(id(1), params(), second);
        assertEquals(1, cache.size());
        assertSame(second, cache.get(id(1)).orElseThrow().state());
    }

    @Test
    void aCopyForAHandshakeSurvivesTheEntrysEviction() throws Exception {
        SessionCache cache = new SessionCache(1, TIMEOUT, clock);
        cache.put(id(1), params(), new SessionState());
        var session = cache.withEntry(id(1), e -> {
            try {
                return SessionCopies.forHandshake(id(1), e.parameters(), CRYPTO);
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }).orElseThrow();
        cache.put(id(2), params(), new SessionState()); // evicts id(1)
        assertTrue(session.exportSessionParameters().getMasterSecret().isAlive());
        assertTrue(session.isResumable());
    }
}
