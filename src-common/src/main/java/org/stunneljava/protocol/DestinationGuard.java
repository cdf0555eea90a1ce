package org.stunneljava.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.destination.Decision;
import org.stunneljava.destination.DestinationRule;
import org.stunneljava.destination.DestinationRules;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Addresses;
import org.stunneljava.origdst.LocalHostSnapshot;
import org.stunneljava.relay.Connection;
import org.stunneljava.tls.HandshakeRecord;

/**
 * A protocol server's {@code protocolAllow} lines applied to what its clients ask for, with one log line per
 * decision: {@code protocolAllow: CLIENT asked for HOST:PORT, allowed by protocolAllow = RULE} (info), or
 * {@code Service [s] REFUSED destination: CLIENT asked for HOST:PORT: REASON} (warning), where CLIENT is the
 * certificate subject, if any, and the address. Loop protection knows the service's own ports (this host's other
 * listeners are reached only through a line naming one of its addresses, as any non-public address). Thread-safe;
 * one per service.
 */
final class DestinationGuard {
    private final String service;
    private final DestinationRules rules;
    private final LocalHostSnapshot local;

    private DestinationGuard(ServiceConfig service) {
        this.service = service.name();
        this.rules = service.negotiation().allowList();
        Set<Integer> ports = service.accept().stream().filter(e -> e instanceof Endpoint.Tcp)
                .map(e -> ((Endpoint.Tcp) e).port()).collect(Collectors.toUnmodifiableSet());
        this.local = new LocalHostSnapshot(ports);
    }

    /** Empty without {@code protocolAllow} lines: stunnel's own behaviour applies. */
    static Optional<DestinationGuard> of(ServiceConfig service) {
        return service.negotiation().allow().isEmpty() ? Optional.empty()
                : Optional.of(new DestinationGuard(service));
    }

    /** Who asks, for the log lines: the certificate subject (after TLS) and the address. */
    static String client(HandshakeRecord handshake, SocketChannel accepted) {
        String address;
        try {
            address = Addresses.text(accepted.getRemoteAddress());
        } catch (IOException e) {
            address = "an unknown address";
        }
        return handshake == null ? address : handshake.peerSubject().orElse("(no certificate)") + " at " + address;
    }

    /** A name, before it is resolved: the rule that allows it, or empty once refused (logged). */
    Optional<String> name(Connection connection, String client, String name, int port) {
        return switch (rules.requestedName(name, port)) {
            case Decision.Allowed allowed -> Optional.of(allowed.rule());
            case Decision.Refused refused -> {
                refuse(connection, client, name + ":" + port, refused.reason());
                yield Optional.empty();
            }
        };
    }

    /** What a name allowed by {@code rule} resolved to; true when it may be connected (logged either way). */
    boolean resolved(Connection connection, String client, String name, int port, String rule,
                     List<InetSocketAddress> addresses) throws SocketException {
        return logged(connection, client, name + ":" + port, rules.resolvedName(rule, addresses, local.get()));
    }

    /** An address the client wrote; true when it may be connected (logged either way). */
    boolean address(Connection connection, String client, InetSocketAddress address) throws SocketException {
        return logged(connection, client, Addresses.text(address), rules.requestedAddress(address, local.get()));
    }

    /** A request the lines cannot allow (a unix socket path, a TOR RESOLVE): refused with {@code reason}. */
    void refuse(Connection connection, String client, String asked, String reason) {
        connection.log().log(Severity.WARNING, "Service [" + service + "] REFUSED destination: " + client
                + " asked for " + asked + ": " + reason);
    }

    private boolean logged(Connection connection, String client, String asked, Decision decision) {
        return switch (decision) {
            case Decision.Allowed allowed -> {
                connection.log().log(Severity.INFO, DestinationRule.OPTION + ": " + client + " asked for " + asked
                        + ", allowed by " + DestinationRule.OPTION + " = " + allowed.rule());
                yield true;
            }
            case Decision.Refused refused -> {
                refuse(connection, client, asked, refused.reason());
                yield false;
            }
        };
    }
}
