package org.stunneljava.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.tls.TlsClientProtocol;
import org.stunneljava.launch.TlsSettingsFactory;
import org.stunneljava.tls.HybridTlsCrypto;
import org.stunneljava.tls.StunnelTlsClient;

/**
 * A TLS client in the test's JVM that puts any payload (a valid destination, a malformed one, or none) in the
 * ClientHello under any extension type, with or without a client certificate: what a gateway client, or a
 * misbehaving one, sends an exit server. Our own {@link StunnelTlsClient}, configured from a stunnel.conf
 * section as the client program would be.
 */
public final class CarryingTlsClient implements AutoCloseable {
    private static final HybridTlsCrypto CRYPTO = new HybridTlsCrypto(new SecureRandom());
    private final Socket socket;
    private final TlsClientProtocol protocol;

    private CarryingTlsClient(Socket socket, TlsClientProtocol protocol) {
        this.socket = socket;
        this.protocol = protocol;
    }

    /**
     * Connects and completes the handshake (a server that refuses the handshake makes this throw).
     *
     * @param certLines the client section's certificate lines ({@code cert = ...}), or "" for none
     * @param type      the extension type to send the payload under
     * @param payload   the extension's payload, or null to send no such extension
     */
    public static CarryingTlsClient connect(Path dir, int port, String certLines, int type, byte[] payload)
            throws Exception {
        var service = ServiceConfigs.load(dir, "carrying", """
                [carrying]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                %s
                """.formatted(port, certLines));
        var settings = TlsSettingsFactory.client(service, CRYPTO, new RecordingLog());
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            StunnelTlsClient client = new StunnelTlsClient(CRYPTO, settings, new RecordingLog());
            if (payload != null) {
                client.addClientExtension(type, payload);
            }
            TlsClientProtocol protocol = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
            protocol.connect(client);
            return new CarryingTlsClient(socket, protocol);
        } catch (Exception e) {
            socket.close();
            throw e;
        }
    }

    public InputStream in() {
        return protocol.getInputStream();
    }

    public OutputStream out() {
        return protocol.getOutputStream();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
