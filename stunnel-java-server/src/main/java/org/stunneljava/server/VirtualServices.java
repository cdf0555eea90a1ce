package org.stunneljava.server;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.stunneljava.config.VirtualHost;
import org.stunneljava.log.Severity;
import org.stunneljava.relay.Connection;
import org.stunneljava.tls.SniRouter;

/**
 * The {@code sni = PRIMARY:pattern} sections of one primary service, in file order: the first pattern that matches
 * the client's server name takes the connection over (stunnel's {@code servername_cb}, with its log lines). An
 * absent or unmatched name leaves the connection with the primary. Immutable.
 */
record VirtualServices(List<Entry> entries) {
    record Entry(VirtualHost host, ServiceTarget target) {
    }

    VirtualServices {
        entries = List.copyOf(entries);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * A router for one connection's handshake.
     *
     * @param chosen set to the service the connection ends up in (it starts as the primary)
     */
    SniRouter router(Connection connection, AtomicReference<ServiceTarget> chosen) {
        return serverName -> {
            ServiceTarget primary = chosen.get();
            if (serverName == null) {
                connection.log().log(Severity.NOTICE, "SNI: no servername received");
                return new SniRouter.Route(primary.tls(), connection.log());
            }
            connection.log().log(Severity.INFO, "SNI: requested servername: " + serverName);
            for (Entry e : entries) {
                if (e.host().matches(serverName)) {
                    connection.log().log(Severity.DEBUG, "SNI: matched pattern: " + e.host().pattern());
                    takeOver(connection, e.target());
                    chosen.set(e.target());
                    return new SniRouter.Route(e.target().tls(), connection.log());
                }
            }
            connection.log().log(Severity.ERR, "SNI: no pattern matched servername: " + serverName);
            return new SniRouter.Route(primary.tls(), connection.log());
        };
    }

    private static void takeOver(Connection connection, ServiceTarget target) {
        var service = target.service();
        connection.switchService(service.name(), target.logs().apply(connection.log().id()), service.timeouts(),
                service.connections());
        connection.log().log(Severity.NOTICE, "SNI: switched to service [" + service.name() + "]");
    }
}
