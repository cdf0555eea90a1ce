package org.stunneljava.config;

import java.time.Duration;
import java.util.Optional;

/**
 * TLS session reuse of one service.
 *
 * @param cacheSize     {@code sessionCacheSize}: entries in the server's session cache, 0 = unlimited
 * @param cacheTimeout  {@code sessionCacheTimeout}: how long a session may be resumed
 * @param resume        {@code sessionResume}: offer (client) or accept (server) resumption at all
 * @param ticketSecrets {@code ticketKeySecret} + {@code ticketMacSecret}: shared ticket keys; empty: random keys
 */
public record SessionOptions(int cacheSize, Duration cacheTimeout, boolean resume,
                             Optional<TicketSecrets> ticketSecrets) {
    public static final SessionOptions DEFAULT =
            new SessionOptions(1000, Duration.ofSeconds(300), true, Optional.empty());
}
