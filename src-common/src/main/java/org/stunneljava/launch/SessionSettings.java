package org.stunneljava.launch;

import java.time.Clock;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.SessionOptions;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.tls.ClientSessions;
import org.stunneljava.tls.SecurityLevel;
import org.stunneljava.tls.ServerSessions;

/**
 * A service's session options become its runtime session store, with stunnel's start-up line
 * ({@code Session resumption enabled|disabled}, ctx.c). {@code options = NO_TICKET} turns tickets off, and so
 * does a security level of 3 or more (OpenSSL's SSL_SECOP_TICKET check); with {@code sessionResume = no} there is
 * nothing to resume at all.
 */
final class SessionSettings {
    private SessionSettings() {
    }

    static ServerSessions server(ServiceConfig service, SecurityLevel level, BcTlsCrypto crypto, Log log) {
        SessionOptions options = announce(service, log);
        return ServerSessions.of(service.name(), options, noTicket(service, level), crypto.getSecureRandom(),
                Clock.systemUTC());
    }

    static ClientSessions client(ServiceConfig service, SecurityLevel level, Log log) {
        SessionOptions options = announce(service, log);
        return ClientSessions.of(options, noTicket(service, level), service.delay(), Clock.systemUTC());
    }

    private static SessionOptions announce(ServiceConfig service, Log log) {
        SessionOptions options = service.tls().sessions();
        log.log(Severity.INFO, "Session resumption " + (options.resume() ? "enabled" : "disabled"));
        return options;
    }

    private static boolean noTicket(ServiceConfig service, SecurityLevel level) {
        return service.tls().policy().option("NO_TICKET") || !level.ticketsAllowed();
    }
}
