package org.stunneljava.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.stunneljava.destination.DestinationRule;
import org.stunneljava.destination.DestinationRules;

/**
 * A service's {@code protocol} and the {@code protocol*} options that parameterise it, as configured. The values
 * are kept as written, because stunnel sends them as written (a {@code protocolHost} goes into the CONNECT line and
 * the EHLO unchanged).
 *
 * @param kind           the protocol, {@link NegotiationKind#NONE} without {@code protocol}
 * @param host           {@code protocolHost}: the CONNECT target, the EHLO name
 * @param username       {@code protocolUsername}
 * @param password       {@code protocolPassword}
 * @param authentication {@code protocolAuthentication} as written (stunnel's default {@code basic})
 * @param domain         {@code protocolDomain}
 * @param headers        {@code protocolHeader} lines, in file order
 * @param allow          {@code protocolAllow} lines (ours), in file order: where a socks, connect or https-proxy
 *                       server may connect; empty for stunnel's behaviour (socks, connect) and never empty for
 *                       https-proxy
 */
public record Negotiation(NegotiationKind kind, Optional<String> host, Optional<String> username,
                          Optional<String> password, String authentication, Optional<String> domain,
                          List<String> headers, List<DestinationRule> allow) {
    public static final Negotiation NONE = new Negotiation(NegotiationKind.NONE, Optional.empty(), Optional.empty(),
            Optional.empty(), "basic", Optional.empty(), List.of(), List.of());

    public Negotiation {
        Objects.requireNonNull(kind, "kind");
        headers = List.copyOf(headers);
        allow = List.copyOf(allow);
    }

    /** The {@code protocolAllow} lines as the decision they make. */
    public DestinationRules allowList() {
        return new DestinationRules(allow);
    }

    /** Both credentials set: stunnel authenticates only then (a user name alone sends nothing). */
    public boolean hasCredentials() {
        return username.isPresent() && password.isPresent();
    }
}
