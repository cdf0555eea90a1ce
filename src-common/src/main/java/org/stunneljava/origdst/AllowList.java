package org.stunneljava.origdst;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The {@code transparentAllow} lines of one service, in config order. Deny by default: an empty list matches
 * nothing. Immutable, so one instance serves every connection thread.
 */
public final class AllowList {
    private final List<AllowRule> rules;

    public AllowList(List<AllowRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Parses each value with {@link AllowRule#parse}; the first bad value's error is thrown. */
    public static AllowList parse(List<String> values) throws AllowRuleException {
        AllowRule[] parsed = new AllowRule[values.size()];
        for (int i = 0; i < parsed.length; i++) {
            parsed[i] = AllowRule.parse(values.get(i));
        }
        return new AllowList(List.of(parsed));
    }

    public List<AllowRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * The first rule whose network and ports hold {@code destination}, by CIDR and port alone. This is not the
     * whole policy: {@link DestinationPolicy#decide} adds loop protection and the loopback rule, and is what a
     * server calls.
     */
    public Optional<AllowRule> match(InetSocketAddress destination) {
        return match(IpNetwork.host(address(destination)), destination.getPort());
    }

    Optional<AllowRule> match(IpNetwork host, int port) {
        for (AllowRule rule : rules) {
            if (rule.matches(host, port)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** The first rule that names loopback explicitly and holds {@code host:port}. */
    Optional<AllowRule> matchNamingLoopback(IpNetwork host, int port) {
        for (AllowRule rule : rules) {
            if (rule.namesLoopback() && rule.matches(host, port)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** A carried destination is always an address; an unresolved one here is a programming error. */
    static InetAddress address(InetSocketAddress destination) {
        if (destination.isUnresolved()) {
            throw new IllegalArgumentException("unresolved destination " + destination);
        }
        return destination.getAddress();
    }

    @Override
    public String toString() {
        return rules.toString();
    }
}
