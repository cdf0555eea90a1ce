package org.stunneljava.server;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.launch.ServiceContext;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.net.ChannelStreams;
import org.stunneljava.net.Dialer;
import org.stunneljava.net.Persistence;
import org.stunneljava.protocol.LineChannel;
import org.stunneljava.protocol.Negotiators;
import org.stunneljava.protocol.ProxyHeaderReader;
import org.stunneljava.protocol.ServerNegotiator;
import org.stunneljava.relay.Connection;
import org.stunneljava.relay.ConnectionHooks;
import org.stunneljava.relay.HandshakeFailure;
import org.stunneljava.relay.HandshakeLog;
import org.stunneljava.relay.Lifecycle;
import org.stunneljava.relay.ModeHandler;
import org.stunneljava.relay.Phase;
import org.stunneljava.relay.PlainSide;
import org.stunneljava.relay.RedirectedDestination;
import org.stunneljava.relay.Relay;
import org.stunneljava.relay.Side;
import org.stunneljava.relay.TlsSide;
import org.stunneljava.tls.RelayServerProtocol;
import org.stunneljava.tls.ServerTlsSettings;
import org.stunneljava.tls.StunnelTlsServer;

/**
 * Server mode, per connection: TLS handshake first (so a failed handshake never touches the backend, as in
 * stunnel), then the backend connection, then the relay. The settings are the snapshot the service had when the
 * connection was accepted.
 */
public final class ServerConnectionHandler extends ModeHandler {
    private final ServiceTarget primary;
    private final VirtualServices virtuals;
    private final ServerNegotiator negotiator;

    public ServerConnectionHandler(ServiceConfig service, BcTlsCrypto crypto, ServerTlsSettings tls, Dialer dialer,
                                   Supplier<Log> logs) {
        this(service, crypto, tls, dialer, logs, ConnectionHooks.NONE);
    }

    /** A service without virtual services; its {@code redirect} targets, if any, get a dialer of their own. */
    public ServerConnectionHandler(ServiceConfig service, BcTlsCrypto crypto, ServerTlsSettings tls, Dialer dialer,
                                   Supplier<Log> logs, ConnectionHooks hooks) {
        this(new ServiceTarget(service, tls, dialer, ServerMode.redirectDialer(service), id -> logs.get(),
                ServerMode.exitPolicy(service, ServiceContext.acceptPorts(List.of(service)))),
                new VirtualServices(List.of()), crypto, logs, hooks);
    }

    ServerConnectionHandler(ServiceTarget primary, VirtualServices virtuals, BcTlsCrypto crypto,
                            Supplier<Log> logs) {
        this(primary, virtuals, crypto, logs, ConnectionHooks.NONE);
    }

    private ServerConnectionHandler(ServiceTarget primary, VirtualServices virtuals, BcTlsCrypto crypto,
                                    Supplier<Log> logs, ConnectionHooks hooks) {
        super(primary.service(), crypto, primary.dialer(), logs, hooks);
        this.primary = primary;
        this.virtuals = virtuals;
        this.negotiator = Negotiators.server(primary.service());
    }

    @Override
    public void handle(SocketChannel accepted) {
        Connection connection = newConnection();
        connection.tlsChannel(accepted);
        ServerNegotiator negotiator = this.negotiator.forConnection(accepted);
        Lifecycle.run(connection, accepted, c -> {
            AtomicReference<ServiceTarget> target = new AtomicReference<>(primary);
            c.phase(Phase.NEGOTIATING);
            LineChannel client = LineChannel.plain(c, new PlainSide(accepted));
            if (service.proxy().accept()) {
                ProxyHeaderReader.read(c, client, accepted);
            }
            Optional<Dialer> early = negotiator.beforeTls(c, client);
            Side backend = null;
            if (negotiator.connectsBeforeTls()) {
                backend = service.exec().isPresent() ? ExecEnvironment.start(c, service, accepted, null)
                        : plain(c, Lifecycle.dial(c, early.orElse(primary.dialer()), Persistence.NONE,
                        transparentSource(service, accepted)));
                c.phase(Phase.NEGOTIATING);
                negotiator.withBackendBeforeTls(c, client, LineChannel.plain(c, backend));
            }
            StunnelTlsServer peer = new StunnelTlsServer(crypto, primary.tls(), c.log(),
                    virtuals.isEmpty() ? null : virtuals.router(c, target));
            RelayServerProtocol protocol = handshake(c, accepted, peer);
            if (protocol == null || !Lifecycle.authorized(c, hooks, peer.record())) {
                return;
            }
            TlsSide tlsSide = new TlsSide(protocol, accepted);
            LineChannel tls = LineChannel.tls(c, tlsSide);
            if (backend == null) {
                Optional<Dialer> requested = negotiator.insideTls(c, peer.record(), tls).or(() -> early);
                backend = connectNextHop(c, accepted, target.get(), peer, requested, tls, negotiator);
                if (backend == null) {
                    return; // refused, already logged and closed
                }
            }
            c.phase(Phase.NEGOTIATING);
            negotiator.beforeRelay(c, accepted, peer.record(), tls, LineChannel.plain(c, backend));
            try {
                Relay.run(c, tlsSide, backend);
            } finally {
                negotiator.afterRelay(c);
            }
        });
    }

    /**
     * Dials the next hop, or starts the service's {@code exec} program in its place; a protocol that named the hop
     * hears of a failure (to answer its client). Null if refused.
     */
    private Side connectNextHop(Connection c, SocketChannel accepted, ServiceTarget target,
                                StunnelTlsServer peer, Optional<Dialer> requested, LineChannel tls,
                                ServerNegotiator negotiator) throws IOException {
        boolean redirected = target.redirect().isPresent() && !authenticated(peer);
        if (target.service().exec().isPresent() && requested.isEmpty() && !redirected) {
            return ExecEnvironment.start(c, target.service(), accepted, peer.record());
        }
        Optional<Dialer> next = nextHop(c, accepted, target, peer, requested);
        if (next.isEmpty()) {
            return null;
        }
        SocketChannel backend;
        try {
            backend = Lifecycle.dial(c, next.get(), peer.persistence(),
                    transparentSource(target.service(), accepted));
        } catch (IOException e) {
            negotiator.connectFailed(c, tls, e);
            throw e;
        }
        return plain(c, backend);
    }

    private static Side plain(Connection c, SocketChannel backend) {
        c.plainChannel(backend);
        return new PlainSide(backend);
    }

    /** stunnel's test for {@code redirect}: no certificate, or one the service rejected. */
    private static boolean authenticated(StunnelTlsServer peer) {
        return peer.record().peerCertificate() != null && !peer.sessionState().redirected();
    }

    /**
     * As stunnel's connect_setup decides: the {@code redirect} targets when the client did not authenticate (no
     * certificate, or one the service rejected); else the next hop the protocol named (a CONNECT or SOCKS
     * request); else, with {@code transparent = destination}, the original destination of the accepted connection
     * or, for an exit server, the destination the client carried; else the service's {@code connect} targets.
     * Empty when the destination was refused (logged and closed).
     */
    private Optional<Dialer> nextHop(Connection connection, SocketChannel accepted, ServiceTarget target,
                                     StunnelTlsServer peer, Optional<Dialer> requested) throws IOException {
        if (target.redirect().isPresent() && !authenticated(peer)) {
            connection.log().log(Severity.NOTICE, "Redirecting connection");
            return target.redirect();
        }
        if (requested.isPresent()) {
            return requested;
        }
        Duration timeout = target.service().timeouts().connect();
        return switch (target.service().transparency().next()) {
            case CONNECT, CARRY -> Optional.of(target.dialer());
            case ORIGINAL -> RedirectedDestination.of(connection, accepted).map(d -> Dialer.to(d, timeout));
            case CARRIED -> target.exit().orElseThrow().dialer(connection, accepted, peer.record());
        };
    }

    /** @return the established protocol, or null when the handshake failed (already logged and closed) */
    private RelayServerProtocol handshake(Connection connection, SocketChannel accepted, StunnelTlsServer peer)
            throws IOException {
        connection.phase(Phase.NEGOTIATING);
        ChannelStreams.Input in = ChannelStreams.in(accepted);
        RelayServerProtocol protocol = new RelayServerProtocol(in, ChannelStreams.out(accepted));
        try {
            protocol.accept(peer);
        } catch (IOException e) {
            HandshakeFailure.handle(connection, false, peer.record(), e, in.reachedEof());
            return null;
        }
        HandshakeLog.completed(connection, false, peer.record());
        return protocol;
    }
}
