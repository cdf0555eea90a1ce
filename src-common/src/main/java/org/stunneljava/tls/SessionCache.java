package org.stunneljava.tls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.tls.SessionParameters;

/**
 * A server's TLS 1.2 session-ID cache: {@code sessionCacheSize} entries at most (0 or less: no bound) and none
 * older than {@code sessionCacheTimeout}. When full, the oldest entry goes; OpenSSL 3.0 does the same, since it
 * keeps its cache ordered by expiry time and all sessions of a service share one timeout. Expired entries are
 * dropped when they are looked up and, oldest first, whenever an entry is added, so an unbounded cache does not
 * grow past one timeout's worth of sessions. Thread-safe (one lock; an operation is a few map steps).
 */
public final class SessionCache {
    /** One cached session: parameters with their own master secret, the shared state, and when it began. */
    public record Entry(SessionParameters parameters, SessionState state, Instant created) {
    }

    private final int maxEntries;
    private final Duration timeout;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(); // insertion order = age order

    public SessionCache(int maxEntries, Duration timeout, Clock clock) {
        this.maxEntries = maxEntries;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Adds a session that has just been negotiated; a session ID already present is replaced. */
    public synchronized void put(byte[] sessionId, SessionParameters parameters, SessionState state) {
        Instant now = clock.instant();
        dropExpired(now);
        String key = key(sessionId);
        remove(key);
        if (maxEntries > 0 && entries.size() >= maxEntries) {
            remove(entries.keySet().iterator().next());
        }
        entries.put(key, new Entry(parameters, state, now));
    }

    /**
     * The live entry for a session ID; an expired one is removed and not returned. Its parameters may be destroyed
     * by an eviction as soon as this returns: copy them with {@link #withEntry}.
     */
    synchronized Optional<Entry> get(byte[] sessionId) {
        String key = key(sessionId);
        Entry e = entries.get(key);
        if (e != null && expired(e, clock.instant())) {
            remove(key);
            return Optional.empty();
        }
        return Optional.ofNullable(e);
    }

    /**
     * Runs {@code action} on the live entry while holding the cache's lock, so that the entry's master secret
     * cannot be destroyed by an eviction while it is being copied.
     */
    public synchronized <T> Optional<T> withEntry(byte[] sessionId, java.util.function.Function<Entry, T> action) {
        return get(sessionId).map(action);
    }

    public synchronized int size() {
        return entries.size();
    }

    private boolean expired(Entry e, Instant now) {
        return Duration.between(e.created(), now).compareTo(timeout) >= 0;
    }

    private void dropExpired(Instant now) {
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Entry e = it.next().getValue();
            if (!expired(e, now)) {
                return; // the rest are younger
            }
            it.remove();
            e.parameters().clear();
        }
    }

    private void remove(String key) {
        Entry e = entries.remove(key);
        if (e != null) {
            e.parameters().clear(); // zeroes the cache's own copy of the master secret
        }
    }

    private static String key(byte[] sessionId) {
        return HexFormat.of().formatHex(sessionId);
    }
}
