package org.stunneljava.origdst;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What loop protection compares a destination with: this host's addresses and the TCP ports this process listens
 * on. Addresses are kept as {@link IpNetwork} hosts, so a scope id or an IPv4-mapped spelling cannot hide a match.
 * Immutable; a server builds a fresh one when its interfaces or listeners change.
 */
public final class LocalHost {
    private final Set<IpNetwork> addresses;
    private final Set<Integer> listeningPorts;

    public LocalHost(Collection<InetAddress> addresses, Collection<Integer> listeningPorts) {
        Set<IpNetwork> hosts = new HashSet<>();
        for (InetAddress a : addresses) {
            hosts.add(IpNetwork.host(a));
        }
        this.addresses = Set.copyOf(hosts);
        this.listeningPorts = Set.copyOf(listeningPorts);
    }

    /** Every address of every interface that is up, with the given listening ports. */
    public static LocalHost ofInterfaces(Collection<Integer> listeningPorts) throws SocketException {
        Set<InetAddress> all = new HashSet<>();
        for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
            if (nif.isUp()) {
                all.addAll(nif.inetAddresses().toList());
            }
        }
        return new LocalHost(all, listeningPorts);
    }

    /**
     * Whether {@code host} reaches this machine: one of its addresses, any loopback address (all of 127.0.0.0/8
     * is local on Linux) or the unspecified address (connect() to 0.0.0.0 or :: reaches the local host).
     */
    public boolean isOwn(IpNetwork host) {
        return addresses.contains(host) || host.isLoopback() || host.isUnspecifiedHost();
    }

    boolean isListening(int port) {
        return listeningPorts.contains(port);
    }
}
