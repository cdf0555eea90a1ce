package org.stunneljava.server;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.net.ChannelStreams;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.Connection;
import org.stunneljava.relay.ConnectionHooks;
import org.stunneljava.relay.HandshakeFailure;
import org.stunneljava.relay.HandshakeLog;
import org.stunneljava.relay.Lifecycle;
import org.stunneljava.relay.ModeHandler;
import org.stunneljava.relay.Phase;
import org.stunneljava.relay.PlainSide;
import org.stunneljava.relay.Relay;
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

    public ServerConnectionHandler(ServiceConfig service, BcTlsCrypto crypto, ServerTlsSettings tls, Dialer dialer,
                                   Supplier<Log> logs) {
        this(service, crypto, tls, dialer, logs, ConnectionHooks.NONE);
    }

    /** A service without virtual services; its {@code redirect} targets, if any, get a dialer of their own. */
    public ServerConnectionHandler(ServiceConfig service, BcTlsCrypto crypto, ServerTlsSettings tls, Dialer dialer,
                                   Supplier<Log> logs, ConnectionHooks hooks) {
        this(new ServiceTarget(service, tls, dialer, ServerMode.redirectDialer(service), id -> logs.get()),
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
    }

    @Override
    public void handle(SocketChannel accepted) {
        Connection connection = newConnection();
        connection.tlsChannel(accepted);
        Lifecycle.run(connection, accepted, c -> {
            AtomicReference<ServiceTarget> target = new AtomicReference<>(primary);
            StunnelTlsServer peer = new StunnelTlsServer(crypto, primary.tls(), c.log(),
                    virtuals.isEmpty() ? null : virtuals.router(c, target));
            RelayServerProtocol protocol = handshake(c, accepted, peer);
            if (protocol != null && Lifecycle.authorized(c, hooks, peer.record())) {
                SocketChannel backend = Lifecycle.dial(c, nextHop(c, target.get(), peer), peer.persistence());
                c.plainChannel(backend);
                PlainSide plain = new PlainSide(backend);
                hooks.preamble().write(c, plain);
                Relay.run(c, new TlsSide(protocol, accepted), plain);
            }
        });
    }

    /**
     * The service's {@code connect} targets, or its {@code redirect} targets when the client did not authenticate
     * (no certificate, or one the service rejected), as stunnel's connect_setup decides.
     */
    private static Dialer nextHop(Connection connection, ServiceTarget target, StunnelTlsServer peer) {
        boolean authenticated = peer.record().peerCertificate() != null && !peer.sessionState().redirected();
        if (target.redirect().isPresent() && !authenticated) {
            connection.log().log(Severity.NOTICE, "Redirecting connection");
            return target.redirect().get();
        }
        return target.dialer();
    }

    /** @return the established protocol, or null when the handshake failed (already logged and closed) */
    private RelayServerProtocol handshake(Connection connection, SocketChannel accepted, StunnelTlsServer peer)
            throws IOException {
        connection.phase(Phase.NEGOTIATING);
        hooks.beforeTls().run(connection, accepted);
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
