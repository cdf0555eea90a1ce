package org.stunneljava.server;

import java.io.IOException;
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
    private final ServerTlsSettings tls;

    public ServerConnectionHandler(ServiceConfig service, BcTlsCrypto crypto, ServerTlsSettings tls, Dialer dialer,
                                   Supplier<Log> logs) {
        this(service, crypto, tls, dialer, logs, ConnectionHooks.NONE);
    }

    public ServerConnectionHandler(ServiceConfig service, BcTlsCrypto crypto, ServerTlsSettings tls, Dialer dialer,
                                   Supplier<Log> logs, ConnectionHooks hooks) {
        super(service, crypto, dialer, logs, hooks);
        this.tls = tls;
    }

    @Override
    public void handle(SocketChannel accepted) {
        Connection connection = newConnection();
        connection.tlsChannel(accepted);
        Lifecycle.run(connection, accepted, c -> {
            StunnelTlsServer peer = new StunnelTlsServer(crypto, tls, c.log());
            RelayServerProtocol protocol = handshake(c, accepted, peer);
            if (protocol != null && Lifecycle.authorized(c, hooks, peer.record())) {
                SocketChannel backend = Lifecycle.dial(c, dialer, peer.persistence());
                c.plainChannel(backend);
                PlainSide plain = new PlainSide(backend);
                hooks.preamble().write(c, plain);
                Relay.run(c, new TlsSide(protocol, accepted), plain);
            }
        });
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
