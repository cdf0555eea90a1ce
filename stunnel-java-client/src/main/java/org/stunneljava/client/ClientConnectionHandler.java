package org.stunneljava.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.Transparency;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.net.ChannelStreams;
import org.stunneljava.net.Dialer;
import org.stunneljava.net.Persistence;
import org.stunneljava.protocol.ClientNegotiator;
import org.stunneljava.protocol.LineChannel;
import org.stunneljava.protocol.Negotiators;
import org.stunneljava.protocol.ProxyHeaderReader;
import org.stunneljava.relay.Connection;
import org.stunneljava.relay.ConnectionHooks;
import org.stunneljava.relay.HandshakeFailure;
import org.stunneljava.relay.HandshakeLog;
import org.stunneljava.relay.Lifecycle;
import org.stunneljava.relay.ModeHandler;
import org.stunneljava.relay.Phase;
import org.stunneljava.origdst.DestinationExtension;
import org.stunneljava.relay.PlainSide;
import org.stunneljava.relay.RedirectedDestination;
import org.stunneljava.relay.Relay;
import org.stunneljava.relay.TlsSide;
import org.stunneljava.tls.ClientTlsSettings;
import org.stunneljava.tls.RelayClientProtocol;
import org.stunneljava.tls.StunnelTlsClient;

/**
 * Client mode, per connection: connect the remote first, then the TLS handshake (stunnel's order), then the
 * relay between the accepted plaintext socket and the TLS connection. With {@code transparent = destination} the
 * remote is the connection's original destination (stunnel's mode) or, with {@code connect}, the exit server, told
 * that destination in the ClientHello (our gateway).
 */
public final class ClientConnectionHandler extends ModeHandler {
    private final ClientTlsSettings tls;
    private final ClientNegotiator negotiator;

    public ClientConnectionHandler(ServiceConfig service, BcTlsCrypto crypto, ClientTlsSettings tls, Dialer dialer,
                                   Supplier<Log> logs) {
        this(service, crypto, tls, dialer, logs, ConnectionHooks.NONE);
    }

    /** @param hooks an authorization step after the handshake */
    public ClientConnectionHandler(ServiceConfig service, BcTlsCrypto crypto, ClientTlsSettings tls, Dialer dialer,
                                   Supplier<Log> logs, ConnectionHooks hooks) {
        super(service, crypto, dialer, logs, hooks);
        this.tls = tls;
        this.negotiator = Negotiators.client(service);
    }

    @Override
    public void handle(SocketChannel accepted) {
        Connection connection = newConnection();
        connection.plainChannel(accepted);
        Lifecycle.run(connection, accepted, c -> {
            LineChannel local = LineChannel.plain(c, new PlainSide(accepted));
            if (service.proxy().accept()) {
                c.phase(Phase.NEGOTIATING);
                ProxyHeaderReader.read(c, local, accepted);
            }
            Optional<Route> route = route(c, accepted);
            if (route.isEmpty()) {
                return; // refused, already logged and closed
            }
            SocketChannel remote = Lifecycle.dial(c, route.get().dialer(), Persistence.NONE,
                    transparentSource(service, accepted));
            c.tlsChannel(remote);
            StunnelTlsClient peer = new StunnelTlsClient(crypto, tls, c.log(), remote.getRemoteAddress());
            route.get().carried().ifPresent(destination -> peer.addClientExtension(
                    service.transparency().extensionType(), DestinationExtension.encode(destination)));
            c.phase(Phase.NEGOTIATING);
            negotiator.beforeTls(c, LineChannel.plain(c, new PlainSide(remote)), local);
            RelayClientProtocol protocol = handshake(c, remote, peer);
            if (protocol != null && Lifecycle.authorized(c, hooks, peer.record())) {
                TlsSide tlsSide = new TlsSide(protocol, remote);
                c.phase(Phase.NEGOTIATING);
                negotiator.beforeRelay(c, accepted, LineChannel.tls(c, tlsSide), local);
                Relay.run(c, tlsSide, local.side());
            }
        });
    }

    /** Where a connection goes, and the original destination it tells the exit server (gateway mode). */
    private record Route(Dialer dialer, Optional<InetSocketAddress> carried) {
    }

    /**
     * The service's {@code connect}; with {@code transparent = destination}, the accepted connection's original
     * destination itself (stunnel's mode) or carried to {@code connect} (ours). Empty when the connection has no
     * original destination (refused, logged and closed).
     */
    private Optional<Route> route(Connection connection, SocketChannel accepted) throws IOException {
        Transparency.Next next = service.transparency().next();
        if (next == Transparency.Next.CONNECT) {
            return Optional.of(new Route(dialer, Optional.empty()));
        }
        return RedirectedDestination.of(connection, accepted).map(original -> next == Transparency.Next.ORIGINAL
                ? new Route(Dialer.to(original, service.timeouts().connect()), Optional.empty())
                : new Route(dialer, Optional.of(original)));
    }

    private RelayClientProtocol handshake(Connection connection, SocketChannel remote, StunnelTlsClient peer)
            throws IOException {
        connection.phase(Phase.NEGOTIATING);
        connection.log().log(Severity.INFO, tls.sni().map(n -> "SNI: sending servername: " + n)
                .orElse("SNI: extension disabled"));
        ChannelStreams.Input in = ChannelStreams.in(remote);
        RelayClientProtocol protocol = new RelayClientProtocol(in, ChannelStreams.out(remote));
        try {
            protocol.connect(peer);
        } catch (IOException e) {
            HandshakeFailure.handle(connection, true, peer.record(), e, in.reachedEof());
            return null;
        }
        HandshakeLog.completed(connection, true, peer.record());
        return protocol;
    }
}
