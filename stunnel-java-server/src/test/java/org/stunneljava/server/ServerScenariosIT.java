package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * The server program (the built jar) through stunnel-behaviour.md's process-level scenarios: signals and the pid
 * file, IPv6, verification on at both ends with the real stunnel as client, and ports already in use.
 */
class ServerScenariosIT {
    private static final Duration EXIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext anonymous;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        anonymous = JdkTls.client(pki, null);
    }

    private static ManagedProcess server(String file, String text) throws Exception {
        return Programs.stunnelJava(Programs.Mode.SERVER, Confs.write(dir, file, text));
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void terminatingSignalExitsZeroAndRemovesThePidFile(String signal) throws Exception {
        Path pid = dir.resolve("sig" + signal + ".pid");
        try (Backends backend = Backends.echo();
             ManagedProcess server = server("sig" + signal + ".conf", """
                     pid = %s
                     [s]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     cert = %s
                     """.formatted(pid, backend.port(), pki.serverPem()))) {
            server.await("Accepting new connections", Programs.START);
            assertEquals(server.pid() + "\n", Files.readString(pid));
            echoOnce(server.awaitPort("s", Programs.START));
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).start();
            assertEquals(0, kill.waitFor());
            assertEquals(0, server.awaitExit(EXIT), server.output());
            assertFalse(Files.exists(pid), "the pid file is removed at exit");
            // stunnel 5.68: SIGTERM logs "Terminated", SIGINT "Received SIGINT; terminating"; both exit 0
            String line = signal.equals("TERM") ? "LOG5[ui]: Terminated" : "LOG3[ui]: Received SIGINT; terminating";
            assertTrue(server.output().contains(line), server.output());
        }
    }

    @Test
    void ipv6LoopbackAcceptCarriesARoundTrip() throws Exception {
        Capabilities.require(ipv6Loopback(), "the IPv6 loopback address ::1");
        try (Backends backend = Backends.echo();
             ManagedProcess server = server("ipv6.conf", """
                     [v6]
                     accept = ::1:0
                     connect = 127.0.0.1:%d
                     cert = %s
                     """.formatted(backend.port(), pki.serverPem()))) {
            int port = Integer.parseInt(server.await("Service \\[v6\\] \\(FD=\\d+\\) bound to ::1:(\\d+)$",
                    Programs.START).group(1));
            server.await("Accepting new connections", Programs.START);
            try (SSLSocket s = (SSLSocket) anonymous.getSocketFactory().createSocket(
                    InetAddress.getByName("::1"), port)) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write("over v6\n".getBytes());
                assertArrayEquals("over v6\n".getBytes(), s.getInputStream().readNBytes(8));
            }
            server.await("Service \\[v6\\] accepted connection from ::1:\\d+", Programs.START);
        }
    }

    /** stunnel-behaviour.md #11 with the real stunnel as the client: it presents client.pem and checks our host. */
    @Test
    void stunnelClientWithACertificateAndOurVerifyingServer() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess server = server("verifying.conf", """
                     [verifying]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     cert = %s
                     verifyChain = yes
                     CAfile = %s
                     """.formatted(backend.port(), pki.serverPem(), pki.caPem()))) {
            int ours = server.awaitPort("verifying", Programs.START);
            try (ManagedProcess stunnel = Programs.stunnel(Confs.write(dir, "stunnel-verifying-client.conf", """
                    pid =
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
                    """.formatted(ours, pki.clientPem(), pki.caPem())))) {
                stunnel.await("Configuration successful", Programs.START);
                byte[] request = "mutual\n".getBytes();
                assertArrayEquals(request, PlainClient.exchange(stunnel.awaitPort("with-cert", Programs.START),
                        request));
                server.await("Certificate accepted at depth=0: CN=client", Programs.START);
                stunnel.await("Certificate accepted at depth=0: CN=localhost", Programs.START);

                assertArrayEquals(new byte[0], PlainClient.exchangeOrReset(
                        stunnel.awaitPort("without-cert", Programs.START), request));
                server.await("peer did not return a certificate", Programs.START);
                assertEquals(request.length, backend.received().poll(30, TimeUnit.SECONDS).length);
                assertEquals(null, backend.received().poll(), "the rejected client never reached the backend");
            }
        }
    }

    @Test
    void portInUseIsLoggedAndTheServiceStartsOnItsFreeAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Backends backend = Backends.echo();
             ManagedProcess server = server("partial.conf", """
                     [s]
                     accept = 127.0.0.1:%d
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     cert = %s
                     """.formatted(taken.getLocalPort(), backend.port(), pki.serverPem()))) {
            server.await(Pattern.quote("Binding service [s] to 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use (98)"), Programs.START);
            server.await("Accepting new connections", Programs.START);
            List<Integer> bound = server.boundPorts();
            assertEquals(1, bound.size(), server.output());
            echoOnce(bound.getFirst());
        }
    }

    @Test
    void onlyPortsInUseExitOneWithBindingServiceFailed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ManagedProcess server = server("all-taken.conf", """
                     [s]
                     accept = 127.0.0.1:%d
                     connect = 127.0.0.1:9
                     cert = %s
                     """.formatted(taken.getLocalPort(), pki.serverPem()))) {
            assertEquals(1, server.awaitExit(Programs.START), server.output());
            assertTrue(server.output().contains("Binding service [s] failed"), server.output());
            assertFalse(server.output().contains("Accepting new connections"), server.output());
        }
    }

    private static void echoOnce(int port) throws IOException {
        try (SSLSocket s = JdkTls.connect(anonymous, port)) {
            s.getOutputStream().write("ping\n".getBytes());
            assertArrayEquals("ping\n".getBytes(), s.getInputStream().readNBytes(5));
        }
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
