package org.stunneljava.origdst;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One {@code transparentAllow = ADDRESS[/LEN][:PORTS]} line: the destinations an exit server may connect to for a
 * carried original destination (DESIGN.md section 4).
 *
 * <p>How a value splits:
 * <ul>
 * <li>{@code [IPv6]}, {@code [IPv6]/LEN}, {@code [IPv6]:PORTS}, {@code [IPv6]/LEN:PORTS}: brackets hold an IPv6
 *     address and nothing else (the length goes after the bracket).</li>
 * <li>Otherwise a value with a colon is split at its <em>last</em> colon, as {@code host:port} is everywhere in
 *     stunnel.conf: the right side is {@code PORTS}, the left side {@code ADDRESS[/LEN]}, and {@code /LEN} is cut at
 *     its first slash. So {@code 10.0.0.0/8:443}, and for IPv6 without brackets {@code 2001:db8::/32:443} or
 *     {@code ::1:8080}: the ports are then required, and {@code 2001:db8::1:2} means address {@code 2001:db8::1}, port
 *     2 (write {@code [2001:db8::1:2]} for the address with every port).</li>
 * <li>A value without a colon is an IPv4 {@code ADDRESS[/LEN]} for every port.</li>
 * </ul>
 * A missing {@code /LEN} means the one address (/32 or /128); missing ports mean {@code *}. Addresses are literals
 * (IPv4 as four decimal numbers, IPv6 in any RFC 4291 text form, no scope id): host names are refused, since a
 * name looked up once would silently go stale. An IPv6 rule inside {@code ::ffff:0:0/96} is the IPv4 rule it maps
 * ({@code [::ffff:10.0.0.0]/104} is {@code 10.0.0.0/8}); any other IPv6 rule, {@code [::]/0} included, never matches
 * an IPv4 destination.
 *
 * @param text    the value as written, for log lines that name the rule
 * @param network the destination addresses
 * @param ports   the destination ports
 */
public record AllowRule(String text, IpNetwork network, PortSet ports) {
    public AllowRule {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(ports, "ports");
    }

    public static AllowRule parse(String value) throws AllowRuleException {
        return parse(value, "transparentAllow");
    }

    /**
     * As {@link #parse(String)}, for another option with the same address syntax ({@code protocolAllow}'s address
     * lines): {@code option} names it in the error messages.
     */
    public static AllowRule parse(String value, String option) throws AllowRuleException {
        String text = value.strip();
        if (text.isEmpty()) {
            throw new AllowRuleException("Empty " + option + " value: write ADDRESS[/LEN][:PORTS]");
        }
        return text.startsWith("[") ? bracketed(text, option) : unbracketed(text, option);
    }

    private static AllowRule bracketed(String text, String option) throws AllowRuleException {
        int close = text.indexOf(']');
        if (close < 0) {
            throw new AllowRuleException("Invalid " + option + " address \"" + text + "\": missing \"]\"");
        }
        String address = text.substring(1, close);
        String rest = text.substring(close + 1);
        if (address.indexOf('/') >= 0) {
            throw new AllowRuleException("Invalid " + option + " address \"[" + address + "]\": the prefix length"
                    + " goes after the bracket, as in [2001:db8::]/32");
        }
        if (address.indexOf(':') < 0) {
            throw new AllowRuleException("Invalid " + option + " address \"[" + address + "]\": brackets are only"
                    + " for IPv6 addresses");
        }
        String length = null;
        if (rest.startsWith("/")) {
            int colon = rest.indexOf(':');
            length = colon < 0 ? rest.substring(1) : rest.substring(1, colon);
            rest = colon < 0 ? "" : rest.substring(colon);
        }
        if (!rest.isEmpty() && !rest.startsWith(":")) {
            throw new AllowRuleException("Invalid " + option + " value \"" + text + "\": unexpected \"" + rest
                    + "\" after the address");
        }
        IpNetwork network = IpNetwork.parse(address, length, false, option);
        PortSet ports = rest.isEmpty() ? PortSet.ALL : PortSet.parse(rest.substring(1));
        return new AllowRule(text, network, ports);
    }

    private static AllowRule unbracketed(String text, String option) throws AllowRuleException {
        int colon = text.lastIndexOf(':');
        String head = colon < 0 ? text : text.substring(0, colon);
        int slash = head.indexOf('/');
        String address = (slash < 0 ? head : head.substring(0, slash)).strip();
        String length = slash < 0 ? null : head.substring(slash + 1).strip();
        IpNetwork network = IpNetwork.parse(address, length, address.indexOf(':') >= 0, option);
        PortSet ports = colon < 0 ? PortSet.ALL : PortSet.parse(text.substring(colon + 1));
        return new AllowRule(text, network, ports);
    }

    /** CIDR and port match only; loop protection is {@link DestinationPolicy}'s. */
    public boolean matches(InetSocketAddress destination) {
        return matches(IpNetwork.host(AllowList.address(destination)), destination.getPort());
    }

    boolean matches(IpNetwork host, int port) {
        return network.contains(host) && ports.contains(port);
    }

    /**
     * Whether this rule names loopback explicitly: its whole network lies inside {@code 127.0.0.0/8} or is
     * {@code ::1}. A rule that merely contains loopback ({@code 0.0.0.0/0}) does not.
     */
    public boolean namesLoopback() {
        return network.isLoopback();
    }

    @Override
    public String toString() {
        return text;
    }
}
