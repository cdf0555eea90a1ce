package org.stunneljava.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code socket} (repeatable, one value each), {@code local}, and our {@code maxClients}. {@code local} is resolved
 * at its line, as stunnel does ({@code hostport2addr(value, "0")}): the value is a host only, and of its addresses
 * the first IPv4 one is taken, else the first IPv6 one. {@code maxClients} in the global section is the process's
 * limit (replacing the one derived from the open-file limit) and is not inherited; in a section it is that
 * service's own cap.
 */
final class ConnectionFamily {
    static final String MAX_CLIENTS = "maxClients";
    private static final String EAI_NONAME = "Neither nodename nor servname known (EAI_NONAME)";

    private final HostResolver resolver;
    private final boolean inSection;
    private SocketOptions socket = SocketOptions.DEFAULTS; // a:SO_REUSEADDR=yes, l: and r:TCP_NODELAY=yes
    private InetAddress local;                              // none: the kernel picks the source address
    private Integer maxClients;                             // none: only the global limit applies
    private Integer globalMaxClients;                       // none: derived from the open-file limit

    ConnectionFamily(HostResolver resolver) {
        this(resolver, false);
    }

    private ConnectionFamily(HostResolver resolver, boolean inSection) {
        this.resolver = resolver;
        this.inSection = inSection;
    }

    /** A section's copy: {@code socket} and {@code local} are inherited, the global {@code maxClients} is not. */
    ConnectionFamily copy() {
        ConnectionFamily c = new ConnectionFamily(resolver, true);
        c.socket = socket;
        c.local = local;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "socket" -> {
                SocketOptionParser.Line line = SocketOptionParser.parse(value);
                socket = socket.with(line.kind(), line.option(), line.value());
            }
            case "local" -> local = local(value);
            case MAX_CLIENTS -> {
                int n = maxClients(value);
                if (inSection) {
                    maxClients = n;
                } else {
                    globalMaxClients = n;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The global section's {@code maxClients}, if it set one. */
    OptionalInt globalMaxClients() {
        return globalMaxClients == null ? OptionalInt.empty() : OptionalInt.of(globalMaxClients);
    }

    /**
     * @param virtual whether the section is an SNI virtual service: its connections are accepted (and counted) by
     *                its primary's listeners before the server name is known, so a cap of its own cannot apply
     */
    ConnectionOptions build(boolean virtual, Map<String, Origin> origins) throws OptionError {
        if (virtual && maxClients != null) {
            throw OptionError.atLine(origins.get(MAX_CLIENTS), "\"maxClients\" cannot be set in an SNI virtual"
                    + " service: its connections are counted by the primary service when they are accepted");
        }
        return new ConnectionOptions(socket, Optional.ofNullable(local),
                maxClients == null ? OptionalInt.empty() : OptionalInt.of(maxClients));
    }

    /**
     * A host name or address literal, never a port: stunnel passes the whole value to getaddrinfo as the host, which
     * finds nothing for {@code 127.0.0.1:5000}, {@code [::1]} or a path; such values are refused here without
     * asking the resolver.
     */
    private InetAddress local(String host) throws OptionError {
        List<InetAddress> addresses;
        try {
            addresses = plausibleHost(host) ? resolver.resolve(host) : List.of();
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            throw new OptionError(List.of("Error resolving \"" + host + "\": " + EAI_NONAME),
                    "Failed to resolve local address", null);
        }
        return addresses.stream().filter(a -> a instanceof Inet4Address).findFirst().orElse(addresses.get(0));
    }

    private static boolean plausibleHost(String host) {
        if (host.isEmpty() || host.contains("/") || host.contains("[") || host.contains("]")) {
            return false;
        }
        if (!host.contains(":")) {
            return true;
        }
        try {
            InetAddress.ofLiteral(host); // an IPv6 literal is the only value with a colon getaddrinfo resolves
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A whole number, 0 (no limit) or more. */
    private static int maxClients(String value) throws OptionError {
        Integer n = Values.integer(value);
        if (n == null || n < 0) {
            throw new OptionError("Illegal number of clients");
        }
        return n;
    }
}
