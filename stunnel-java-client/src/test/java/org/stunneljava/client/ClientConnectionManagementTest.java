package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.SocketOption;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.SocketProbe;
import org.stunneljava.testkit.TestPki;

/**
 * Client mode with stunnel's {@code socket = l:/r:...} and {@code local}: options read back from the real plaintext
 * and TLS sockets with getsockopt while the connection is open, and the address the TLS server sees.
 */
class ClientConnectionManagementTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private static ServiceConfig clientTo(String name, int serverPort, String options) throws Exception {
        return ServiceConfigs.load(dir, name, """
                [%s]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                %s
                """.formatted(name, serverPort, options));
    }

    /** A TLS server that answers "ok" and holds the connection; records the peer's address. */
    private static Backends holdingTls(BlockingQueue<InetAddress> peers) throws Exception {
        return Backends.tls(JdkTls.server(pki, pki.server()), s -> {
            try {
                peers.add(s.getInetAddress());
                s.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the tunnel went away
            }
        });
    }

    private static Socket plain(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        return s;
    }

    @Test
    void localAndRemoteOptionsTakeEffectOnTheRealSockets() throws Exception {
        BlockingQueue<InetAddress> peers = new LinkedBlockingQueue<>();
        try (Backends server = holdingTls(peers);
             InProcessService client = Tunnels.client(clientTo("opts", server.port(), """
                     socket = l:TCP_NODELAY=no
                     socket = l:SO_RCVBUF=24576
                     socket = r:SO_KEEPALIVE=yes
                     socket = r:TCP_KEEPINTVL=9
                     socket = r:TCP_KEEPCNT=4
                     socket = r:SO_SNDTIMEO=2:500000
                     """));
             Socket s = plain(client.port())) {
            assertEquals("ok", new String(s.getInputStream().readNBytes(2), StandardCharsets.US_ASCII));
            List<String> lines = client.lines();
            int local = SocketProbe.fd(lines, "local");
            int remote = SocketProbe.fd(lines, "remote");
            assertEquals(0, SocketProbe.getInt(local, SocketOption.TCP_NODELAY), "off, though the JDK set it");
            assertEquals(49152, SocketProbe.getInt(local, SocketOption.SO_RCVBUF));
            assertEquals(1, SocketProbe.getInt(remote, SocketOption.SO_KEEPALIVE));
            assertEquals(9, SocketProbe.getInt(remote, SocketOption.TCP_KEEPINTVL));
            assertEquals(4, SocketProbe.getInt(remote, SocketOption.TCP_KEEPCNT));
            ByteBuffer timeout = SocketProbe.get(remote, SocketOption.SO_SNDTIMEO, 16);
            assertEquals(List.of(2L, 500_000L), List.of(timeout.getLong(), timeout.getLong()));
            assertEquals(1, SocketProbe.getInt(remote, SocketOption.TCP_NODELAY), "stunnel's default stays");
        }
    }

    @Test
    void localIsTheSourceAddressTheTlsServerSees() throws Exception {
        BlockingQueue<InetAddress> peers = new LinkedBlockingQueue<>();
        try (Backends server = holdingTls(peers);
             InProcessService client = Tunnels.client(clientTo("local", server.port(), "local = 127.0.0.2"));
             Socket s = plain(client.port())) {
            assertEquals("ok", new String(s.getInputStream().readNBytes(2), StandardCharsets.US_ASCII));
            assertEquals(InetAddress.getByName("127.0.0.2"), peers.poll(30, TimeUnit.SECONDS));
            client.awaitLine("bind succeeded on an ephemeral port", WAIT);
            client.awaitLine("Service [local] connected remote server from 127.0.0.2:", WAIT);
        }
    }
}
