package org.stunneljava.tls;

import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.tls.SessionParameters;
import org.stunneljava.config.SessionOptions;

/**
 * The TLS sessions a client service resumes: one per {@code connect} address, so a session is only offered to the
 * server it came from (stunnel's per-destination cache, client.c session_cache_retrieve), or a single one for the
 * whole service with {@code delay = yes}, whose addresses are resolved per connection (stunnel's
 * {@code c->opt->session}). A session is kept for {@code sessionCacheTimeout} at most and, when it came with a
 * ticket, no longer than the ticket's lifetime hint. Thread-safe; the table has at most one entry per address.
 */
public final class ClientSessions {
    /** Resumes nothing (tests and tools that build settings by hand). */
    public static final ClientSessions NONE =
            new ClientSessions(false, false, false, Duration.ZERO, Clock.systemUTC());

    /** A session to offer: its ID (for a ticket, the SHA-256 of the ticket, as OpenSSL does), and the ticket. */
    record Stored(byte[] id, SessionParameters parameters, byte[] ticket, Instant expires) {
    }

    private static final Object SERVICE_SLOT = new Object();

    private final boolean resume;
    private final boolean tickets;
    private final boolean oneSlot;
    private final Duration timeout;
    private final Clock clock;
    private final ConcurrentHashMap<Object, Stored> slots = new ConcurrentHashMap<>();

    private ClientSessions(boolean resume, boolean tickets, boolean oneSlot, Duration timeout, Clock clock) {
        this.resume = resume;
        this.tickets = tickets;
        this.oneSlot = oneSlot;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * @param noTicket      {@code options = NO_TICKET}: do not ask servers for tickets, resume by session ID only
     * @param perService    {@code delay = yes}: one session for the service instead of one per address
     */
    public static ClientSessions of(SessionOptions options, boolean noTicket, boolean perService, Clock clock) {
        return new ClientSessions(options.resume(), options.resume() && !noTicket, perService,
                options.cacheTimeout(), clock);
    }

    public boolean resume() {
        return resume;
    }

    boolean tickets() {
        return tickets;
    }

    Duration timeout() {
        return timeout;
    }

    Instant now() {
        return clock.instant();
    }

    /** The place of the session for a connection to {@code remote}; null when sessions are not resumed. */
    Slot slot(SocketAddress remote) {
        if (!resume || (remote == null && !oneSlot)) {
            return null;
        }
        return new Slot(oneSlot ? SERVICE_SLOT : remote);
    }

    /** One destination's entry. */
    final class Slot {
        private final Object key;

        private Slot(Object key) {
            this.key = key;
        }

        /** The session to offer, or null when there is none or it expired. */
        Stored get() {
            Stored s = slots.get(key);
            if (s != null && !clock.instant().isBefore(s.expires())) {
                if (slots.remove(key, s)) {
                    s.parameters().clear();
                }
                return null;
            }
            return s;
        }

        /** Replaces the destination's session by a new one (stunnel keeps the newest too). */
        void put(Stored session) {
            Stored old = slots.put(key, session);
            if (old != null) {
                old.parameters().clear(); // a handshake copying it meanwhile sees a dead secret and resumes nothing
            }
        }
    }
}
