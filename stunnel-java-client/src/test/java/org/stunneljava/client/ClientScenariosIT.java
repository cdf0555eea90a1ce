package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * Both programs (the built jars) through stunnel-behaviour.md's process-level scenarios that need the client: our
 * client against the real stunnel verifying our certificate, unix sockets at every hop, and the pid files of a
 * file that holds both modes.
 */
class ClientScenariosIT {
    private static final Duration EXIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    /** stunnel-behaviour.md #11 with the real stunnel as the server: it verifies the certificate our client sends. */
    @Test
    void ourClientWithACertificateAndAVerifyingStunnelServer() throws Exception {
        byte[] request = "mutual\n".getBytes();
        try (Backends backend = Backends.echo();
             ManagedProcess stunnel = Programs.stunnel(Confs.write(dir, "stunnel-verifying-server.conf", """
                     pid =
                     [verifying]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     cert = %s
                     verifyChain = yes
                     CAfile = %s
                     """.formatted(backend.port(), pki.serverPem(), pki.caPem())))) {
            int theirs = stunnel.awaitPort("verifying", Programs.START);
            try (ManagedProcess client = Programs.stunnelJava(Programs.Mode.CLIENT, Confs.write(dir, "ours.conf", """
                    [with-cert]
                    client = yes
                    accept = 127.0.0.1:0
                    connect = 127.0.0.1:%1$d
                    cert = %2$s
                    verifyChain = yes
                    CAfile = %3$s
                    checkHost = localhost
                    [without-cert]
                    client = yes
                    accept = 127.0.0.1:0
                    connect = 127.0.0.1:%1$d
                    verifyChain = yes
                    CAfile = %3$s
                    checkHost = localhost
                    """.formatted(theirs, pki.clientPem(), pki.caPem())))) {
                client.await("Accepting new connections", Programs.START);
                assertArrayEquals(request, PlainClient.exchange(client.awaitPort("with-cert", Programs.START),
                        request));
                stunnel.await("Certificate accepted at depth=0: CN=client", Programs.START);
                client.await("Certificate accepted at depth=0: CN=localhost", Programs.START);

                assertArrayEquals(new byte[0], PlainClient.exchangeOrReset(
                        client.awaitPort("without-cert", Programs.START), request));
                stunnel.await("peer did not return a certificate", Programs.START);
                assertEquals(request.length, backend.received().poll(30, TimeUnit.SECONDS).length);
                assertEquals(null, backend.received().poll(), "the rejected client never reached the backend");
            }
        }
    }

    /**
     * Every hop on a unix socket: plain client -> {@code accept = /path} (client program) -> TLS over
     * {@code connect = /path} -> {@code accept = /path} (server program) -> {@code connect = /path} backend. Both
     * programs read the same file; at exit each unlinks the socket files it listened on.
     */
    @Test
    void unixSocketsCarryARoundTripThroughBothPrograms() throws Exception {
        Path sockets = Files.createDirectories(dir.resolve("sockets")); // well under the 108-byte sun_path limit
        Path clientIn = sockets.resolve("client.sock");
        Path serverIn = sockets.resolve("server.sock");
        Path backendSocket = sockets.resolve("backend.sock");
        Path conf = Confs.write(dir, "unix.conf", """
                [tls-in]
                accept = %s
                connect = %s
                cert = %s
                [plain-in]
                client = yes
                accept = %s
                connect = %s
                verifyChain = yes
                CAfile = %s
                checkHost = localhost
                """.formatted(serverIn, backendSocket, pki.serverPem(), clientIn, serverIn, pki.caPem()));
        try (UnixEcho backend = new UnixEcho(backendSocket);
             ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, conf);
             ManagedProcess client = Programs.stunnelJava(Programs.Mode.CLIENT, conf)) {
            server.await("Accepting new connections", Programs.START);
            client.await("Accepting new connections", Programs.START);
            server.await("Service \\[tls-in\\] \\(FD=\\d+\\) bound to " + serverIn, Programs.START);
            try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(clientIn))) {
                s.write(ByteBuffer.wrap("over unix sockets\n".getBytes()));
                s.shutdownOutput();
                ByteBuffer answer = ByteBuffer.allocate(64);
                while (s.read(answer) >= 0) {
                    // until the backend's EOF comes back through both tunnels
                }
                assertEquals("over unix sockets\n", new String(answer.array(), 0, answer.position()));
            }
            client.await("Certificate accepted at depth=0: CN=localhost", Programs.START);
            server.await("Connection closed: 18 byte\\(s\\) sent to TLS, 18 byte\\(s\\) sent to socket",
                    Programs.START);
            assertEquals(0, client.terminate(EXIT));
            assertEquals(0, server.terminate(EXIT));
            assertFalse(Files.exists(clientIn), "the client program unlinks its socket at exit");
            assertFalse(Files.exists(serverIn), "the server program unlinks its socket at exit");
        }
    }

    /** DESIGN.md §1: {@code pid = x.pid} in a file of both modes becomes x.server.pid and x.client.pid. */
    @Test
    void oneFileWithBothModesGivesEachProgramItsOwnPidFile() throws Exception {
        Path pid = dir.resolve("both.pid");
        Path conf = Confs.write(dir, "both.conf", """
                pid = %s
                [tls-in]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                [plain-in]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                """.formatted(pid, Ports.closed(), pki.serverPem(), Ports.closed()));
        Path serverPid = dir.resolve("both.server.pid");
        Path clientPid = dir.resolve("both.client.pid");
        try (ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, conf);
             ManagedProcess client = Programs.stunnelJava(Programs.Mode.CLIENT, conf)) {
            server.await("Accepting new connections", Programs.START);
            client.await("Accepting new connections", Programs.START);
            assertEquals(server.pid() + "\n", Files.readString(serverPid));
            assertEquals(client.pid() + "\n", Files.readString(clientPid));
            assertFalse(Files.exists(pid), "neither program writes the unsuffixed name");
            assertTrue(server.output().contains(serverPid.toString()), server.output());
            assertTrue(client.output().contains(clientPid.toString()), client.output());
            assertEquals(0, server.terminate(EXIT));
            assertFalse(Files.exists(serverPid));
            assertTrue(Files.exists(clientPid), "the server's exit leaves the client's pid file alone");
            assertEquals(0, client.terminate(EXIT));
            assertFalse(Files.exists(clientPid));
        }
    }

    /** An echo backend on a unix socket; its file is removed at close. */
    private static final class UnixEcho implements AutoCloseable {
        private final ServerSocketChannel listener;
        private final Path path;

        UnixEcho(Path path) throws IOException {
            this.path = path;
            this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(path));
            Thread.ofVirtual().start(() -> {
                while (listener.isOpen()) {
                    try {
                        SocketChannel c = listener.accept();
                        Thread.ofVirtual().start(() -> echo(c));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private static void echo(SocketChannel c) {
            try (c) {
                ByteBuffer buf = ByteBuffer.allocate(16384);
                while (c.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        c.write(buf);
                    }
                    buf.clear();
                }
                c.shutdownOutput();
            } catch (IOException ignored) {
                // the tunnel went away
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            Files.deleteIfExists(path);
        }
    }
}
