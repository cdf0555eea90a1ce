package org.stunneljava.config;

import java.util.List;
import org.stunneljava.log.Severity;

/**
 * One validated {@code [service]} section (or the global section in inetd mode). Immutable; the runtime never
 * sees the raw configuration.
 *
 * @param name     the section name as written
 * @param origin   the {@code [name]} line, for messages
 * @param client   {@code client = yes}: accept plaintext, connect with TLS
 * @param accept   listen addresses, in file order
 * @param connect  target addresses, in file order (a failover list)
 * @param delay    resolve {@code connect} names per connection (also switched on when a name does not resolve at
 *                 start-up)
 * @param failover the order of {@code connect} addresses (forced to PRIO by {@code delay = yes})
 * @param timeouts the four TIMEOUT* values
 * @param tls      certificates, verification, versions, SNI
 * @param debug    the service's log level
 */
public record ServiceConfig(String name, Origin origin, boolean client, List<Endpoint> accept,
                            List<Endpoint> connect, boolean delay, Failover failover, Timeouts timeouts,
                            TlsOptions tls, Severity debug) {
    public ServiceConfig {
        accept = List.copyOf(accept);
        connect = List.copyOf(connect);
    }
}
