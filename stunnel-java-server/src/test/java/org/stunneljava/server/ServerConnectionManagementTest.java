package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.SocketOption;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.SocketProbe;
import org.stunneljava.testkit.TestPki;

/**
 * Server mode with stunnel's {@code socket = l:/r:...} and {@code local}: each option read back from the real
 * accepted and backend sockets with getsockopt while the connection is open, stunnel's debug and failure lines in
 * stunnel's order, and the address the backend sees.
 */
class ServerConnectionManagementTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext anonymousClient;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        anonymousClient = JdkTls.client(pki, null);
    }

    private static ServiceConfig serviceTo(String name, String backend, String options) throws Exception {
        return ServiceConfigs.load(dir, name, """
                [%s]
                accept = 127.0.0.1:0
                connect = %s
                cert = %s
                %s
                """.formatted(name, backend, pki.serverPem(), options));
    }

    /** Answers "ok" and holds the connection until the tunnel closes it; records the peer's address. */
    private static Backends holding(BlockingQueue<InetAddress> peers) throws IOException {
        return Backends.custom(s -> {
            try {
                peers.add(s.getInetAddress());
                s.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the tunnel went away
            }
        });
    }

    private static String ok(SSLSocket client) throws IOException {
        client.getOutputStream().write('x');
        return new String(client.getInputStream().readNBytes(2), StandardCharsets.US_ASCII);
    }

    @Test
    void localAndRemoteOptionsTakeEffectOnTheRealSockets() throws Exception {
        BlockingQueue<InetAddress> peers = new LinkedBlockingQueue<>();
        try (Backends backend = holding(peers);
             InProcessService server = InProcessServer.start(serviceTo("opts", "127.0.0.1:" + backend.port(), """
                     socket = l:SO_KEEPALIVE=yes
                     socket = l:TCP_KEEPIDLE=30
                     socket = l:SO_LINGER=1:5
                     socket = r:SO_RCVBUF=24576
                     socket = r:IP_TOS=16
                     socket = r:TCP_NODELAY=no
                     """));
             SSLSocket client = JdkTls.connect(anonymousClient, server.port())) {
            assertEquals("ok", ok(client));
            server.awaitLine("Option TCP_NODELAY set on remote socket", WAIT);
            List<String> lines = server.lines();
            int local = SocketProbe.fd(lines, "local");
            int remote = SocketProbe.fd(lines, "remote");
            assertEquals(1, SocketProbe.getInt(local, SocketOption.SO_KEEPALIVE));
            assertEquals(30, SocketProbe.getInt(local, SocketOption.TCP_KEEPIDLE));
            ByteBuffer linger = SocketProbe.get(local, SocketOption.SO_LINGER, 8);
            assertEquals(List.of(1, 5), List.of(linger.getInt(), linger.getInt()));
            assertEquals(1, SocketProbe.getInt(local, SocketOption.TCP_NODELAY), "stunnel's default stays");
            assertEquals(49152, SocketProbe.getInt(remote, SocketOption.SO_RCVBUF), "the kernel doubles it");
            assertEquals(16, SocketProbe.getInt(remote, SocketOption.IP_TOS));
            assertEquals(0, SocketProbe.getInt(remote, SocketOption.TCP_NODELAY));
            // stunnel's lines, in stunnel's order (table order within a socket), ids stripped
            List<String> texts = lines.stream().map(l -> l.substring(l.indexOf(": ") + 2)).toList();
            int accepted = texts.indexOf("Service [opts] accepted connection from " + client.getLocalAddress()
                    .getHostAddress() + ":" + client.getLocalPort());
            assertEquals(List.of("Setting local socket options (FD=" + local + ")",
                    "Option SO_KEEPALIVE set on local socket", "Option SO_LINGER set on local socket",
                    "Option TCP_KEEPIDLE set on local socket", "Option TCP_NODELAY set on local socket"),
                    texts.subList(accepted - 5, accepted));
            int connected = indexStartingWith(texts, "Service [opts] connected remote server from 127.0.0.1:");
            assertEquals(List.of("Setting remote socket options (FD=" + remote + ")",
                    "Option SO_RCVBUF set on remote socket", "Option IP_TOS set on remote socket",
                    "Option TCP_NODELAY set on remote socket"), texts.subList(connected + 1, connected + 5));
        }
    }

    @Test
    void aRemoteOptionThatFailsIsLoggedAndTheConnectionGoesOn() throws Exception {
        BlockingQueue<InetAddress> peers = new LinkedBlockingQueue<>();
        try (Backends backend = holding(peers);
             InProcessService server = InProcessServer.start(serviceTo("badopt", "127.0.0.1:" + backend.port(),
                     "socket = r:SO_BINDTODEVICE=nosuchdev0\nsocket = l:SO_SNDLOWAT=10"));
             SSLSocket client = JdkTls.connect(anonymousClient, server.port())) {
            assertEquals("ok", ok(client), "data still flows both ways");
            server.awaitLine("Failed to set remote socket options", WAIT);
            List<String> texts = server.lines().stream().map(l -> l.replaceFirst("\\[[^]]*]", "[]")).toList();
            assertTrue(texts.contains("LOG3[]: SO_SNDLOWAT: Protocol not available (92)"), texts::toString);
            assertTrue(texts.contains("LOG4[]: Failed to set local socket options"), texts::toString);
            assertTrue(texts.contains("LOG3[]: SO_BINDTODEVICE: No such device (19)"), texts::toString);
            assertTrue(texts.contains("LOG4[]: Failed to set remote socket options"), texts::toString);
        }
    }

    @Test
    void localIsTheSourceAddressTheBackendSees() throws Exception {
        BlockingQueue<InetAddress> peers = new LinkedBlockingQueue<>();
        try (Backends backend = holding(peers);
             InProcessService server = InProcessServer.start(serviceTo("local", "127.0.0.1:" + backend.port(),
                     "local = 127.0.0.2"));
             SSLSocket client = JdkTls.connect(anonymousClient, server.port())) {
            assertEquals("ok", ok(client));
            assertEquals(InetAddress.getByName("127.0.0.2"), peers.poll(30, TimeUnit.SECONDS));
            server.awaitLine("bind succeeded on an ephemeral port", WAIT);
            server.awaitLine("Service [local] connected remote server from 127.0.0.2:", WAIT);
        }
    }

    @Test
    void aLocalAddressOfTheOtherFamilySkipsTheTargetAsInStunnel() throws Exception {
        try (Backends backend = Backends.echo();
             InProcessService server = InProcessServer.start(serviceTo("local6", "127.0.0.1:" + backend.port(),
                     "local = ::1"));
             SSLSocket client = JdkTls.connect(anonymousClient, server.port())) {
            // nothing is written: the tunnel resets right after the handshake, a write could meet the reset
            String end = Ports.readUntilEnd(client.getInputStream());
            assertTrue(end.equals("eof") || end.equals("reset"), end);
            server.awaitLine("LOG7[test]: Cannot assign an AF=10 address an AF=2 socket", WAIT);
            server.awaitLine("LOG3[test]: No more addresses to connect", WAIT);
            server.awaitLine("Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket", WAIT);
            assertTrue(server.lines().stream().noneMatch(l -> l.contains("s_connect: connecting")),
                    "no socket was even created for the target");
        }
    }

    @Test
    void anIpv6LocalAddressReachesAnIpv6Backend() throws Exception {
        BlockingQueue<InetAddress> peers = new LinkedBlockingQueue<>();
        try (Backends backend = Backends.custom(new java.net.ServerSocket(0, 50, InetAddress.getByName("::1")), s -> {
                 try {
                     peers.add(s.getInetAddress());
                     s.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
                     s.getInputStream().transferTo(OutputStream.nullOutputStream());
                 } catch (IOException ignored) {
                     // the tunnel went away
                 }
             });
             InProcessService server = InProcessServer.start(serviceTo("local6ok", "::1:" + backend.port(),
                     "local = ::1"));
             SSLSocket client = JdkTls.connect(anonymousClient, server.port())) {
            assertEquals("ok", ok(client));
            assertEquals(InetAddress.getByName("::1"), peers.poll(30, TimeUnit.SECONDS));
            server.awaitLine("Service [local6ok] connected remote server from ::1:", WAIT);
        }
    }

    /** stunnel applies {@code local} to every outgoing connection, a SOCKS target as much as {@code connect}. */
    @Test
    void aSocksTargetIsReachedFromTheLocalAddressWithTheRemoteOptions() throws Exception {
        BlockingQueue<InetAddress> peers = new LinkedBlockingQueue<>();
        try (Backends backend = holding(peers);
             InProcessService server = InProcessServer.start(ServiceConfigs.load(dir, "socks", """
                     [socks]
                     accept = 127.0.0.1:0
                     cert = %s
                     protocol = socks
                     local = 127.0.0.2
                     socket = r:SO_KEEPALIVE=yes
                     """.formatted(pki.serverPem())));
             SSLSocket client = JdkTls.connect(anonymousClient, server.port())) {
            // SOCKS5: no authentication, then CONNECT 0.0.0.0:port (this host; the loopback itself is refused)
            String port = String.format("%04x", backend.port());
            client.getOutputStream().write(java.util.HexFormat.of().parseHex("050100"));
            assertEquals("0500", java.util.HexFormat.of().formatHex(client.getInputStream().readNBytes(2)));
            client.getOutputStream().write(java.util.HexFormat.of().parseHex("0501000100000000" + port));
            assertEquals("0500000100000000" + port,
                    java.util.HexFormat.of().formatHex(client.getInputStream().readNBytes(10)));
            assertEquals("ok", new String(client.getInputStream().readNBytes(2), StandardCharsets.US_ASCII));
            assertEquals(InetAddress.getByName("127.0.0.2"), peers.poll(30, TimeUnit.SECONDS));
            server.awaitLine("Option SO_KEEPALIVE set on remote socket", WAIT);
            assertEquals(1, SocketProbe.getInt(SocketProbe.fd(server.lines(), "remote"), SocketOption.SO_KEEPALIVE));
        }
    }

    private static int indexStartingWith(List<String> texts, String prefix) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with " + prefix + " in " + texts);
    }
}
