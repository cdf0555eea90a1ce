package org.stunneljava.destination;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.stunneljava.net.Addresses;
import org.stunneljava.origdst.AllowList;
import org.stunneljava.origdst.AllowRule;
import org.stunneljava.origdst.DestinationPolicy;
import org.stunneljava.origdst.IpNetwork;
import org.stunneljava.origdst.LocalHost;

/**
 * A service's {@code protocolAllow} lines and the decision they make about a destination a client asks for. Deny
 * by default: no line, no destination. The rules:
 * <ol>
 * <li>A destination is matched <em>as the client asked for it</em>: a name against the host rules (wildcards and
 *     regular expressions), an address against the network rules. A name is never allowed because of the address
 *     it resolves to, nor an address because of a name that resolves to it.</li>
 * <li>An address the client wrote goes through the exit server's policy ({@link DestinationPolicy}): the
 *     unspecified address never, this host's own listening ports never (a loop), loopback only with a line inside
 *     {@code 127.0.0.0/8} or {@code ::1}, anything else when a network line holds it.</li>
 * <li>A name allowed by a host rule must not escape through DNS: each address it resolves to must be public
 *     ({@link AddressScope}) and not this host's, or else be allowed by a network line as rule 2 allows a written
 *     address. So {@code *.example.com:443} never reaches {@code 127.0.0.1}, {@code 10.0.0.5} or the cloud
 *     metadata address because someone pointed a name there; {@code *.corp.example:443} together with
 *     {@code 10.0.0.0/8:443} reaches the company's own hosts. Names are checked before they are resolved, so a
 *     refused name is never looked up.</li>
 * </ol>
 * Immutable and pure (the caller resolves and reads this host's addresses); safe from any thread.
 */
public final class DestinationRules {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private final List<DestinationRule> rules;
    private final List<DestinationRule.HostRule> hosts = new ArrayList<>();
    private final AllowList networks;

    public DestinationRules(List<DestinationRule> rules) {
        this.rules = List.copyOf(rules);
        List<AllowRule> nets = new ArrayList<>();
        for (DestinationRule r : rules) {
            switch (r) {
                case DestinationRule.HostRule h -> hosts.add(h);
                case DestinationRule.NetworkRule n -> nets.add(n.rule());
            }
        }
        this.networks = new AllowList(nets);
    }

    public List<DestinationRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * {@code host} as an IP address when it is written as one (four decimal numbers, or IPv6 with or without
     * brackets): such a request is matched against the network rules. Anything else is a name.
     */
    public static Optional<InetAddress> literal(String host) {
        String h = host.length() > 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
        if (h.indexOf(':') < 0 && !DOTTED_QUAD.matcher(h).matches()) {
            return Optional.empty();
        }
        try {
            return h.indexOf('%') >= 0 ? Optional.empty() : Optional.of(InetAddress.ofLiteral(h));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A name as host rules see it: lower case, without one trailing dot. */
    static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") && n.length() > 1 ? n.substring(0, n.length() - 1) : n;
    }

    /** A name the client asked for, before it is resolved: the first host rule holding it and the port. */
    public Decision requestedName(String name, int port) {
        for (DestinationRule.HostRule h : hosts) {
            if (h.matches(name, port)) {
                return new Decision.Allowed(h.text());
            }
        }
        return new Decision.Refused(NOT_ALLOWED);
    }

    /**
     * The addresses a name resolved to, once {@link #requestedName} allowed it by {@code allowedBy}: each must be
     * public and not this host's, or allowed by a network rule.
     */
    public Decision resolvedName(String allowedBy, List<InetSocketAddress> addresses, LocalHost local) {
        for (InetSocketAddress a : addresses) {
            IpNetwork host = IpNetwork.host(a.getAddress());
            if (AddressScope.isPublic(host) && !local.isOwn(host)) {
                continue;
            }
            if (requestedAddress(a, local) instanceof Decision.Refused refused) {
                String why = refused.reason().equals(NOT_ALLOWED)
                        ? "a name may reach a non-public or local address only through a " + DestinationRule.OPTION
                                + " address line"
                        : refused.reason();
                return new Decision.Refused("it resolves to " + Addresses.text(a) + ": " + why);
            }
        }
        return new Decision.Allowed(allowedBy);
    }

    /** An address the client wrote: the exit server's policy over the network rules. */
    public Decision requestedAddress(InetSocketAddress address, LocalHost local) {
        return switch (DestinationPolicy.decide(networks, address, local)) {
            case DestinationPolicy.Verdict.Allowed allowed -> new Decision.Allowed(allowed.rule().text());
            case DestinationPolicy.Verdict.Refused refused -> new Decision.Refused(switch (refused.reason()) {
                case UNSPECIFIED -> "the unspecified address is not a destination";
                case LOOP -> "it is this host's own listening port (loop)";
                case LOOPBACK_NOT_NAMED -> "loopback needs a " + DestinationRule.OPTION
                        + " line inside 127.0.0.0/8 or ::1";
                case NOT_ALLOWED -> NOT_ALLOWED;
            });
        };
    }

    private static final String NOT_ALLOWED = "no " + DestinationRule.OPTION + " line matches";

    @Override
    public String toString() {
        return rules.toString();
    }
}
