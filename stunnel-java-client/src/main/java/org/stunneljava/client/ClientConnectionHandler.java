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

    public ClientConnectionHandler(ServiceConfig service, BcTlsCrypto crypto, ClientTlsSettings tls, Dialer dialer,
                                   Supplier<Log> logs) {
        this(service, crypto, tls, dialer, logs, ConnectionHooks.NONE);
    }

    /** @param hooks beforeTls runs on the remote socket (e.g. a proxy CONNECT); the preamble goes to the TLS side */
    public ClientConnectionHandler(ServiceConfig service, BcTlsCrypto crypto, ClientTlsSettings tls, Dialer dialer,
                                   Supplier<Log> logs, ConnectionHooks hooks) {
        super(service, crypto, dialer, logs, hooks);
        this.tls = tls;
    }

    @Override
    public void handle(SocketChannel accepted) {
        Connection connection = newConnection();
        connection.plainChannel(accepted);
        Lifecycle.run(connection, accepted, c -> {
            Transparency transparency = service.transparency();
            Optional<InetSocketAddress> original = Optional.empty();
            if (transparency.next() != Transparency.Next.CONNECT) {
                original = RedirectedDestination.of(c, accepted);
                if (original.isEmpty()) {
                    return;
                }
            }
            Dialer next = transparency.next() == Transparency.Next.ORIGINAL
                    ? Dialer.to(original.get(), service.timeouts().connect()) : dialer;
            SocketChannel remote = Lifecycle.dial(c, next);
            c.tlsChannel(remote);
            StunnelTlsClient peer = new StunnelTlsClient(crypto, tls, c.log(), remote.getRemoteAddress());
            if (transparency.next() == Transparency.Next.CARRY) {
                peer.addClientExtension(transparency.extensionType(), DestinationExtension.encode(original.get()));
            }
            RelayClientProtocol protocol = handshake(c, remote, peer);
            if (protocol != null && Lifecycle.authorized(c, hooks, peer.record())) {
                TlsSide tlsSide = new TlsSide(protocol, remote);
                hooks.preamble().write(c, tlsSide);
                Relay.run(c, tlsSide, new PlainSide(accepted));
            }
        });
    }

    private RelayClientProtocol handshake(Connection connection, SocketChannel remote, StunnelTlsClient peer)
            throws IOException {
        connection.phase(Phase.NEGOTIATING);
        hooks.beforeTls().run(connection, remote);
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
