package org.stunneljava.launch;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.SocketOptions;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Addresses;
import org.stunneljava.net.Listener;
import org.stunneljava.net.NativeFd;
import org.stunneljava.net.Resolver;
import org.stunneljava.net.SocketErrors;
import org.stunneljava.net.SocketOptionSetter;

/**
 * Binding one service's {@code accept} addresses, as stunnel does: each failure is logged and skipped, and the
 * service starts if at least one address bound ({@code Binding service [x] failed} otherwise). The service's
 * {@code socket = a:...} options are set on each new socket before bind(); when one fails, stunnel closes that
 * socket, so that address is not bound. A unix socket gets the service's {@code setuid}/{@code setgid} as owner.
 */
final class Listeners {
    private Listeners() {
    }

    /**
     * Binds every address of {@code service} afresh.
     *
     * @throws StartupException {@code Binding service [x] failed} when no address could be bound
     */
    static List<ServerSocketChannel> bind(ServiceConfig service, Log log) throws StartupException {
        List<ServerSocketChannel> bound = new ArrayList<>();
        for (SocketAddress address : addresses(service, log)) {
            bind(service, address, log).ifPresent(bound::add);
        }
        if (bound.isEmpty()) {
            throw failed(service);
        }
        return bound;
    }

    /** The addresses {@code service} listens on; a name that does not resolve is logged and skipped. */
    static List<SocketAddress> addresses(ServiceConfig service, Log log) {
        List<SocketAddress> all = new ArrayList<>();
        for (Endpoint endpoint : service.accept()) {
            try {
                all.addAll(Resolver.forAccept(endpoint));
            } catch (UnknownHostException e) {
                log.log(Severity.ERR, "Error resolving \"" + endpoint + "\": Neither nodename nor servname known"
                        + " (EAI_NONAME)");
            }
        }
        return all;
    }

    /** Binds one address of {@code service}; empty when it failed (logged). */
    static Optional<ServerSocketChannel> bind(ServiceConfig service, SocketAddress address, Log log) {
        try {
            Optional<ServerSocketChannel> listening = Listener.bind(address, channel -> {
                log.log(Severity.DEBUG, "Listening file descriptor created (FD=" + NativeFd.of(channel) + ")");
                return SocketOptionSetter.apply(channel, SocketOptions.Kind.ACCEPT,
                        service.connections().socket().accept(), log);
            });
            if (listening.isPresent()) {
                ServerSocketChannel channel = listening.get();
                if (address instanceof UnixDomainSocketAddress unix) {
                    UnixSocketOwner.apply(unix.getPath(), service.socketOwner(), log); // as stunnel, before the line
                }
                log.log(Severity.INFO, "Service [" + service.name() + "] (FD=" + NativeFd.of(channel)
                        + ") bound to " + Addresses.text(channel.getLocalAddress()));
            }
            return listening;
        } catch (IOException e) {
            log.log(Severity.NOTICE, "Binding service [" + service.name() + "] to " + Addresses.text(address) + ": "
                    + SocketErrors.describe(e));
            return Optional.empty();
        }
    }

    static StartupException failed(ServiceConfig service) {
        return new StartupException("Binding service [" + service.name() + "] failed");
    }
}
