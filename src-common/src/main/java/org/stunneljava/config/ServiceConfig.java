package org.stunneljava.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stunneljava.log.Severity;

/**
 * One validated {@code [service]} section. Immutable; the runtime never sees the raw configuration.
 *
 * @param name     the section name as written
 * @param origin   the {@code [name]} line, for messages
 * @param client   {@code client = yes}: accept plaintext, connect with TLS
 * @param accept   listen addresses, in file order (values stunnel could not use were logged and left out)
 * @param connect  target addresses, in file order (a failover list). Without {@code delay}, only the values that
 *                 resolved at load time; with {@code delay}, every value with a usable port. May be empty when
 *                 no value is usable (e.g. {@code connect = host:443 ; comment}): every connection then fails, as
 *                 in stunnel, which loads such a file too
 * @param delay    resolve {@code connect} names per connection (also switched on when no name resolves at
 *                 start-up)
 * @param failover the order of {@code connect} addresses (forced to PRIO by {@code delay = yes})
 * @param timeouts the four TIMEOUT* values
 * @param tls      certificates, verification, versions, SNI
 * @param debug    the service's log level
 * @param virtualHost {@code sni = PRIMARY:pattern} of a server section: served through PRIMARY's listeners
 * @param redirect where a server sends clients that fail authentication ({@code redirect}), in file order
 * @param transparency {@code transparent} and the gateway's options: where the next hop's address comes from
 * @param negotiation {@code protocol} and its {@code protocol*} options
 * @param proxy    our PROXY protocol options: the version sent, PROXY headers received, stud's write-ip
 * @param exec     {@code exec}/{@code execArgs}: the program run per connection instead of connecting
 * @param origins  where each option of this service came from (the last line that set it; a line of the global
 *                 section for inherited defaults), keyed by stunnel's spelling ({@code "cert"}, {@code "CAfile"},
 *                 {@code "connect"}, ...), so that run-time errors can name the file and line
 * @param connections {@code socket}, {@code local} and {@code maxClients}
 * @param socketOwner {@code setuid}/{@code setgid} of the section (or inherited): the owner and group its unix
 *                    {@code accept} sockets are given once bound, as stunnel does
 */
public record ServiceConfig(String name, Origin origin, boolean client, List<Endpoint> accept,
                            List<Endpoint> connect, boolean delay, Failover failover, Timeouts timeouts,
                            TlsOptions tls, Severity debug, Optional<VirtualHost> virtualHost,
                            List<Endpoint> redirect, Transparency transparency, Negotiation negotiation,
                            ProxyProtocol proxy, Optional<ExecCommand> exec, Map<String, Origin> origins,
                            ConnectionOptions connections, UserGroup socketOwner) {
    public ServiceConfig {
        accept = List.copyOf(accept);
        connect = List.copyOf(connect);
        redirect = List.copyOf(redirect);
        origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    }

    /** Without {@code setuid}/{@code setgid}. */
    public ServiceConfig(String name, Origin origin, boolean client, List<Endpoint> accept, List<Endpoint> connect,
                         boolean delay, Failover failover, Timeouts timeouts, TlsOptions tls, Severity debug,
                         Optional<VirtualHost> virtualHost, List<Endpoint> redirect, Transparency transparency,
                         Negotiation negotiation, ProxyProtocol proxy, Optional<ExecCommand> exec,
                         Map<String, Origin> origins, ConnectionOptions connections) {
        this(name, origin, client, accept, connect, delay, failover, timeouts, tls, debug, virtualHost, redirect,
                transparency, negotiation, proxy, exec, origins, connections, UserGroup.NONE);
    }

    /** With stunnel's default socket options, no {@code local} and no cap of its own. */
    public ServiceConfig(String name, Origin origin, boolean client, List<Endpoint> accept, List<Endpoint> connect,
                         boolean delay, Failover failover, Timeouts timeouts, TlsOptions tls, Severity debug,
                         Optional<VirtualHost> virtualHost, List<Endpoint> redirect, Transparency transparency,
                         Negotiation negotiation, ProxyProtocol proxy, Optional<ExecCommand> exec,
                         Map<String, Origin> origins) {
        this(name, origin, client, accept, connect, delay, failover, timeouts, tls, debug, virtualHost, redirect,
                transparency, negotiation, proxy, exec, origins, ConnectionOptions.DEFAULTS);
    }

    /** Without origins: for tests and callers that build a configuration by hand. */
    public ServiceConfig(String name, Origin origin, boolean client, List<Endpoint> accept, List<Endpoint> connect,
                         boolean delay, Failover failover, Timeouts timeouts, TlsOptions tls, Severity debug) {
        this(name, origin, client, accept, connect, delay, failover, timeouts, tls, debug, Optional.empty(), List.of(),
                Transparency.NONE, Negotiation.NONE, ProxyProtocol.DEFAULT, Optional.empty(),
                Map.of(), ConnectionOptions.DEFAULTS, UserGroup.NONE);
    }
}
