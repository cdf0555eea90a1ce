package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.net.ChannelStreams;
import org.stunneljava.origdst.DestinationExtension;
import org.stunneljava.testkit.RecordingLog;

/**
 * An extension our client adds (the original destination) reaches the server's handshake record byte for byte,
 * over a real loopback connection, in TLS 1.3 and 1.2; without it the server sees none.
 */
class ClientExtensionTest {
    private static final HybridTlsCrypto CRYPTO = new HybridTlsCrypto(new java.security.SecureRandom());
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theServerSeesTheExactPayloadTheClientAdded(String name) throws Exception {
        ProtocolVersion version = name.equals("TLSv1.3") ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12;
        byte[] payload = DestinationExtension.encode(new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 443));
        HandshakeRecord seen = handshake(version, payload);
        assertArrayEquals(payload, seen.clientExtensions().get(DestinationExtension.DEFAULT_TYPE));
        assertFalse(handshake(version, null).clientExtensions().containsKey(DestinationExtension.DEFAULT_TYPE));
    }

    private static HandshakeRecord handshake(ProtocolVersion version, byte[] payload) throws Exception {
        var credentials = QuickCredentials.create(CRYPTO);
        ProtocolVersion[] versions = {version};
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            try (SocketChannel clientChannel = SocketChannel.open(listener.getLocalAddress());
                 SocketChannel serverChannel = listener.accept()) {
                var server = new RelayServerProtocol(ChannelStreams.in(serverChannel), ChannelStreams.out(serverChannel));
                var peer = new StunnelTlsServer(CRYPTO, new ServerTlsSettings(credentials,
                        versions, TlsDefaults.allSuites(), TlsDefaults.GROUPS, ServerTlsSettings.ClientAuth.NONE,
                        List.of(), PeerCertificateCheck.ACCEPT_ANY), new RecordingLog());
                CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                    try {
                        server.accept(peer);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                var client = new RelayClientProtocol(ChannelStreams.in(clientChannel), ChannelStreams.out(clientChannel));
                var ours = new StunnelTlsClient(CRYPTO, new ClientTlsSettings(Optional.empty(),
                        versions, TlsDefaults.allSuites(), TlsDefaults.GROUPS, Optional.of("localhost"),
                        PeerCertificateCheck.ACCEPT_ANY), new RecordingLog());
                if (payload != null) {
                    ours.addClientExtension(DestinationExtension.DEFAULT_TYPE, payload);
                }
                client.connect(ours);
                accepted.get(10, TimeUnit.SECONDS);
                return peer.record();
            }
        }
    }
}
