package org.stunneljava.tls;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.stunneljava.config.SessionOptions;

/**
 * The TLS 1.2 session resumption of one server service, shared by its connections: the session-ID cache and, unless
 * {@code options = NO_TICKET}, the session ticket keys. With {@code sessionResume = no} there is neither: no session
 * ID is sent and no ticket is issued or accepted (stunnel turns its cache off and sets NO_TICKET). Built once per
 * service (and again on reload, which forgets every session, as stunnel's new TLS context does). Thread-safe.
 */
public final class ServerSessions {
    /** For handshakes that resume nothing (tests and tools that build settings by hand). */
    public static final ServerSessions NONE = new ServerSessions(null, null, Clock.systemUTC(), new SecureRandom());

    private final SessionCache cache;
    private final TicketSealer tickets;
    private final Clock clock;
    private final SecureRandom random;

    private ServerSessions(SessionCache cache, TicketSealer tickets, Clock clock, SecureRandom random) {
        this.cache = cache;
        this.tickets = tickets;
        this.clock = clock;
        this.random = random;
    }

    /**
     * @param service  the service name: tickets open only for the service that issued them
     * @param noTicket {@code options = NO_TICKET} is in effect
     */
    public static ServerSessions of(String service, SessionOptions options, boolean noTicket, SecureRandom random,
                                    Clock clock) {
        if (!options.resume()) {
            return new ServerSessions(null, null, clock, random);
        }
        Duration timeout = options.cacheTimeout();
        SessionCache cache = new SessionCache(options.cacheSize(), timeout, clock);
        if (noTicket) {
            return new ServerSessions(cache, null, clock, random);
        }
        TicketKeys keys = options.ticketSecrets().map(TicketKeys::derive).orElseGet(() -> TicketKeys.random(random));
        return new ServerSessions(cache, new TicketSealer(keys, service, timeout, random), clock, random);
    }

    public boolean resume() {
        return cache != null;
    }

    public boolean tickets() {
        return tickets != null;
    }

    SessionCache cache() {
        return cache;
    }

    TicketSealer sealer() {
        return tickets;
    }

    Instant now() {
        return clock.instant();
    }

    /** A new 32-byte session ID (the most TLS allows, as OpenSSL's). */
    byte[] newSessionId() {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return id;
    }
}
