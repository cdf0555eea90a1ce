package org.stunneljava.config;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a service's sockets are managed: stunnel's {@code socket} and {@code local}, and our {@code maxClients}.
 *
 * @param socket     options set on the listening, accepted and outgoing sockets ({@code socket = a|l|r:...})
 * @param local      the source address of every outgoing connection ({@code local}), bound with an ephemeral port;
 *                   empty: the kernel chooses (or {@code transparent = source} does)
 * @param maxClients this service's own cap on connections open at once, counted when accepted, besides the global
 *                   limit; empty (or 0): no cap of its own
 */
public record ConnectionOptions(SocketOptions socket, Optional<InetAddress> local, OptionalInt maxClients) {
    /** stunnel's defaults: its default socket options, no source address, no cap of the service's own. */
    public static final ConnectionOptions DEFAULTS =
            new ConnectionOptions(SocketOptions.DEFAULTS, Optional.empty(), OptionalInt.empty());
}
