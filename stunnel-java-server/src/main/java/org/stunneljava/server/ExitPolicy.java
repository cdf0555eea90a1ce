package org.stunneljava.server;

import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Addresses;
import org.stunneljava.net.Dialer;
import org.stunneljava.origdst.AllowList;
import org.stunneljava.origdst.DestinationPolicy;
import org.stunneljava.origdst.LocalHostSnapshot;
import org.stunneljava.relay.CloseReason;
import org.stunneljava.relay.Connection;
import org.stunneljava.tls.HandshakeRecord;

/**
 * An exit server's decision about the destination a client carried (DESIGN.md section 4), taken after the
 * handshake: only a client with a verified certificate may name one, and only a destination an allow line permits
 * (deny by default, loops refused) is connected. A refusal closes the connection with one line naming the client
 * (certificate subject and address), what it asked for, and why. Thread-safe; one per exit service.
 */
final class ExitPolicy {
    private final String service;
    private final AllowList allow;
    private final LocalHostSnapshot local;
    private final Duration connectTimeout;

    ExitPolicy(String service, AllowList allow, Collection<Integer> listeningPorts, Duration connectTimeout) {
        this.service = service;
        this.allow = allow;
        this.local = new LocalHostSnapshot(listeningPorts);
        this.connectTimeout = connectTimeout;
    }

    /** @return the dialer of the allowed destination, or empty once the connection was logged and closed */
    Optional<Dialer> dialer(Connection connection, SocketChannel accepted, HandshakeRecord handshake)
            throws SocketException {
        String client = handshake.peerSubject().orElse("(no certificate)") + " at " + peerText(accepted);
        if (handshake.peerCertificate() == null) {
            return refuse(connection, client, "asked for " + asked(handshake),
                    "only a client with a verified certificate may name a destination");
        }
        Optional<InetSocketAddress> carried = handshake.carriedDestination();
        if (carried.isEmpty()) {
            return refuse(connection, client, "named no destination",
                    "no original destination extension in its ClientHello");
        }
        InetSocketAddress destination = carried.get();
        return switch (DestinationPolicy.decide(allow, destination, local.get())) {
            case DestinationPolicy.Verdict.Refused refused -> refuse(connection, client,
                    "asked for " + Addresses.text(destination), refused.reason().text());
            case DestinationPolicy.Verdict.Allowed allowed -> {
                connection.log().log(Severity.INFO, "transparent: " + client + " asked for "
                        + Addresses.text(destination) + ", allowed by transparentAllow = " + allowed.rule().text());
                yield Optional.of(Dialer.to(destination, connectTimeout));
            }
        };
    }

    private Optional<Dialer> refuse(Connection connection, String client, String asked, String reason) {
        connection.log().log(Severity.WARNING, "Service [" + service + "] REFUSED destination: " + client + " "
                + asked + ": " + reason);
        connection.close(CloseReason.REFUSED);
        return Optional.empty();
    }

    private static String asked(HandshakeRecord handshake) {
        return handshake.carriedDestination().map(Addresses::text).orElse("no destination");
    }

    private static String peerText(SocketChannel accepted) {
        try {
            return Addresses.text(accepted.getRemoteAddress());
        } catch (java.io.IOException e) {
            return "an unknown address";
        }
    }
}
