package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * The server program (the built jar) with connection management: {@code delay = yes} following a name that
 * moves between two connections (the JVM's DNS cache must not hold the old answer), stunnel's implicit limit
 * from the open-file limit, and {@code socket}/{@code local} lines compared with the real stunnel 5.68's for the
 * same file.
 */
class ConnectionManagementIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext anonymous;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        anonymous = JdkTls.client(pki, null);
    }

    /** Our server program with JVM options before {@code -jar}, as an operator would start it. */
    private static ManagedProcess server(Path conf, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Programs.javaBinary()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", Programs.jar(Programs.Mode.SERVER).toString(), conf.toString()));
        return ManagedProcess.start("stunnel-java-server", command);
    }

    /** Writes the tag and closes, as stunnel's test backends do. */
    private static Consumer<Socket> tag(String tag) {
        return s -> {
            try {
                s.getOutputStream().write(tag.getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the tunnel went away
            }
        };
    }

    private static String fetch(int port) throws IOException {
        try (SSLSocket s = JdkTls.connect(anonymous, port)) {
            s.getOutputStream().write('x');
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /**
     * Two backends on the same port of 127.0.0.1 and 127.0.0.2; the name backend.test points at the first, then,
     * between two connections, at the second. The JVM reads its hosts file at each look-up
     * ({@code -Djdk.net.hosts.file}), so what is left to test is the cache above it: with the program's
     * default (no JVM cache, as stunnel's getaddrinfo) the second connection follows the name; with a cache the
     * operator asked for ({@code -Dsun.net.inetaddr.ttl=30}) it keeps the old address, which shows the test
     * would catch a cache.
     */
    @Test
    void delayFollowsANameThatMovesBetweenTwoConnections() throws Exception {
        assertEquals(List.of("A", "B"), twoConnectionsAcrossAMove());
    }

    @Test
    void aJvmCacheTheOperatorConfiguredIsKept() throws Exception {
        assertEquals(List.of("A", "A"), twoConnectionsAcrossAMove("-Dsun.net.inetaddr.ttl=30"));
    }

    private static List<String> twoConnectionsAcrossAMove(String... jvmOptions) throws Exception {
        try (Backends a = Backends.tag("A")) {
            ServerSocket second = new ServerSocket(a.port(), 50, InetAddress.getByName("127.0.0.2"));
            try (Backends b = Backends.custom(second, tag("B"))) {
                Path hosts = Files.createTempFile(dir, "hosts", "");
                Files.writeString(hosts, "127.0.0.1 backend.test\n");
                List<String> options = new ArrayList<>(List.of("-Djdk.net.hosts.file=" + hosts));
                options.addAll(List.of(jvmOptions));
                try (ManagedProcess server = server(Confs.write(dir, "delay" + jvmOptions.length + ".conf", """
                        [delay]
                        accept = 127.0.0.1:0
                        connect = backend.test:%d
                        delay = yes
                        cert = %s
                        """.formatted(a.port(), pki.serverPem())), options.toArray(String[]::new))) {
                    int port = server.awaitPort("delay", Programs.START);
                    String first = fetch(port);
                    Files.writeString(hosts, "127.0.0.2 backend.test\n");
                    String then = fetch(port);
                    server.await("s_connect: connected 127.0.0.1:" + a.port(), WAIT);
                    return List.of(first, then);
                }
            }
        }
    }

    /** {@code ulimit -n 128}: stunnel's formula gives (128 - 6) / 2 = 61 clients at once. */
    @Test
    void theImplicitLimitComesFromTheOpenFileLimit() throws Exception {
        Path sh = Capabilities.command("sh");
        Path conf = Confs.write(dir, "implicit.conf", """
                debug = debug
                [implicit]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:9
                cert = %s
                """.formatted(pki.serverPem()));
        String java = Programs.javaBinary() + " -jar " + Programs.jar(Programs.Mode.SERVER) + " " + conf;
        try (ManagedProcess server = ManagedProcess.start("stunnel-java-server",
                List.of(sh.toString(), "-c", "ulimit -n 128 && exec " + java))) {
            server.await(Pattern.quote("LOG7[ui]: Clients allowed=61"), Programs.START);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    server.awaitPort("implicit", Programs.START));
            List<SocketChannel> held = new ArrayList<>();
            try {
                for (int i = 0; i < 61; i++) {
                    held.add(SocketChannel.open(address)); // each waits in its handshake: counted
                }
                Poll.until(() -> server.lines().stream().filter(l -> l.contains("accepted connection from")).count()
                        == 61, WAIT, "61 accepted connections");
                try (Socket refused = new Socket(address.getAddress(), address.getPort())) {
                    refused.setSoTimeout((int) WAIT.toMillis());
                    assertEquals(-1, refused.getInputStream().read(), "closed at once");
                }
                server.await(Pattern.quote("LOG4[ui]: Connection rejected: too many clients (>=61)"), WAIT);
                held.removeFirst().close();
                server.await(Pattern.quote("Service [implicit] finished (60 left)"), WAIT);
                try (SocketChannel taken = SocketChannel.open(address)) {
                    Poll.until(() -> server.lines().stream().filter(l -> l.contains("accepted connection from"))
                            .count() == 62, WAIT, "the next connection accepted once one finished");
                }
            } finally {
                for (SocketChannel c : held) {
                    c.close();
                }
            }
        }
    }

    /**
     * The same file in our server and in stunnel 5.68, one connection each: the socket option and source lines
     * (levels, texts, order) are the same, descriptors and ports aside.
     */
    @Test
    void socketOptionAndLocalLinesMatchStunnels() throws Exception {
        Capabilities.command("stunnel");
        try (Backends backend = Backends.echo()) {
            String service = """
                    debug = debug
                    pid =
                    socket = l:SO_KEEPALIVE=yes
                    [opts]
                    accept = 127.0.0.1:0
                    connect = 127.0.0.1:%d
                    cert = %s
                    local = 127.0.0.2
                    socket = l:TCP_KEEPIDLE=30
                    socket = l:SO_SNDLOWAT=1
                    socket = r:SO_RCVBUF=24576
                    socket = r:SO_BINDTODEVICE=nosuchdev0
                    socket = r:IP_TOS=16
                    """.formatted(backend.port(), pki.serverPem());
            List<String> ours;
            try (ManagedProcess server = server(Confs.write(dir, "opts-ours.conf", service))) {
                ours = oneConnection(server);
            }
            List<String> theirs;
            try (ManagedProcess stunnel = Programs.stunnel(Confs.write(dir, "opts-stunnel.conf", service))) {
                theirs = oneConnection(stunnel);
            }
            assertEquals(theirs, ours);
            assertTrue(ours.contains("LOG3: SO_BINDTODEVICE: No such device (19)"), ours::toString);
            assertTrue(ours.contains("LOG4: Failed to set local socket options"), ours::toString);
        }
    }

    /** The lines compared: socket options, the source bind, the count, and the connection's landmarks. */
    private static final Pattern COMPARED = Pattern.compile("(socket options|^LOG7: Option [A-Z0-9_]+ |"
            + "^LOG3: [A-Z0-9_]+: |bind succeeded|connected remote server from|accepted connection from|"
            + "s_connect: connected|finished \\(\\d+ left\\))");

    private static List<String> oneConnection(ManagedProcess process) throws Exception {
        int port = process.awaitPort("opts", Programs.START);
        process.await("Accepting new connections", Programs.START);
        try (SSLSocket s = JdkTls.connect(anonymous, port)) {
            s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertEquals("ping", new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
        }
        process.await("Service \\[opts\\] finished", WAIT);
        return process.lines().stream()
                .map(l -> l.replaceFirst("^\\S+ \\S+ ", "").replaceFirst("^(LOG\\d)\\[[^]]*]", "$1"))
                .filter(l -> COMPARED.matcher(l).find())
                .map(l -> l.replaceAll("FD=\\d+", "FD=n").replaceAll(":\\d+$", ":port")).toList();
    }

    @Test
    void aFailedAcceptOptionFailsTheStartLikeStunnel() throws Exception {
        Capabilities.command("stunnel");
        String text = """
                pid =
                [s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:9
                cert = %s
                socket = a:SO_BINDTODEVICE=abcdefghijklmno
                """.formatted(pki.serverPem());
        try (ManagedProcess ours = server(Confs.write(dir, "accept-fail.conf", text));
             ManagedProcess stunnel = Programs.stunnel(Confs.write(dir, "accept-fail-stunnel.conf", text))) {
            assertEquals(1, ours.awaitExit(Programs.START), ours.output());
            assertEquals(1, stunnel.awaitExit(Programs.START), stunnel.output());
            // the same errors; stunnel prints its start-up log as "[!] text" when it fails before running
            for (String line : List.of("SO_BINDTODEVICE: No such device (19)", "Binding service [s] failed")) {
                assertTrue(ours.output().contains("LOG3[ui]: " + line), ours.output());
                assertTrue(stunnel.output().contains("[!] " + line), stunnel.output());
            }
            assertFalse(ours.output().contains("bound to"), ours.output());
        }
    }
}
