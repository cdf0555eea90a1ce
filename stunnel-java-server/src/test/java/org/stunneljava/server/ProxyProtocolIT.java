package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * {@code protocol = proxy}: the backend receives the PROXY v1 line, then the client's bytes, and the line is the
 * one stunnel 5.68 writes for the same connection. Each case runs the same file under stunnel and under our server
 * and checks both against the line built from the connection's own addresses.
 */
class ProxyProtocolIT {
    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext tls;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
        tls = JdkTls.client(pki, null);
    }

    enum Program { STUNNEL, OURS }

    /** What a backend got: every byte before the connection ended, and whether it ended with a reset. */
    record Received(String bytes, boolean reset) {
    }

    private static Backends recordingBackend(java.util.concurrent.BlockingQueue<Received> into) throws IOException {
        return Backends.custom(s -> {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean reset = false;
            try {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got.write(buf, 0, n);
                }
                s.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
            } catch (IOException e) {
                reset = true;
            }
            into.add(new Received(got.toString(StandardCharsets.ISO_8859_1), reset));
        });
    }

    private static ManagedProcess start(Program program, String name, String accept, int backendPort)
            throws Exception {
        Path conf = Confs.write(dir, name + "-" + program + ".conf", """
                pid =
                [%s]
                accept = %s
                connect = 127.0.0.1:%d
                cert = %s
                protocol = proxy
                """.formatted(name, accept, backendPort, pki.serverPem()));
        if (program == Program.STUNNEL) {
            Capabilities.require(Capabilities.find("stunnel") != null, "stunnel 5.x (the interop peer)");
            return Programs.stunnel(conf);
        }
        return Programs.stunnelJava(Programs.Mode.SERVER, conf);
    }

    @ParameterizedTest(name = "accept {0}, client from {1}")
    @CsvSource({
            "127.0.0.1:0, 127.0.0.1, TCP4 127.0.0.1 127.0.0.1",
            "::1:0, ::1, TCP6 ::1 ::1",
            // a dual-stack listener's IPv4 client: stunnel's socket is AF_INET6, so the addresses are v4-mapped
            ":::0, 127.0.0.1, TCP6 ::ffff:127.0.0.1 ::ffff:127.0.0.1",
    })
    void theBackendGetsStunnelsLineBeforeTheClientsBytes(String accept, String from, String addresses)
            throws Exception {
        for (Program program : Program.values()) {
            var received = new java.util.concurrent.LinkedBlockingQueue<Received>();
            try (Backends backend = recordingBackend(received);
                 ManagedProcess server = start(program, "px", accept, backend.port())) {
                int port = server.awaitPort("px", Programs.START);
                int clientPort;
                try (SSLSocket client = (SSLSocket) tls.getSocketFactory()
                        .createSocket(InetAddress.getByName(from), port)) {
                    client.setSoTimeout(30_000);
                    client.startHandshake();
                    clientPort = client.getLocalPort();
                    client.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    client.shutdownOutput();
                    assertEquals("ok", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII),
                            program + ": the backend's answer");
                }
                Received got = received.poll(30, TimeUnit.SECONDS);
                assertEquals(new Received("PROXY " + addresses + " " + clientPort + " " + port + "\r\nhello\n", false),
                        got, program + " wrote another line; output:\n" + server.output());
                // the header is the protocol's own bytes: only the client's 6 count, as in stunnel
                server.await("Connection closed: 2 byte\\(s\\) sent to TLS, 6 byte\\(s\\) sent to socket",
                        Programs.START);
            }
        }
    }

    /** A unix-socket accept has no address to print: stunnel writes nothing and resets; so do we. */
    @Test
    void aUnixSocketAcceptSendsNothingAndResets() throws Exception {
        Capabilities.require(Capabilities.find("openssl") != null, "openssl (s_client over a unix socket)");
        for (Program program : Program.values()) {
            Path socket = dir.resolve("px-" + program + ".sock");
            var received = new java.util.concurrent.LinkedBlockingQueue<Received>();
            try (Backends backend = recordingBackend(received);
                 ManagedProcess server = start(program, "pu", socket.toString(), backend.port())) {
                server.await("Accepting new connections|bound to", Programs.START);
                try (ManagedProcess client = ManagedProcess.start("s_client", List.of(
                        Capabilities.command("openssl").toString(), "s_client", "-unix", socket.toString(),
                        "-CAfile", pki.caPem().toString()))) {
                    client.stdin().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    client.stdin().flush();
                    server.await("getnameinfo: Unknown error", Programs.START);
                    server.await("Connection reset: 0 byte\\(s\\) sent to TLS, 0 byte\\(s\\) sent to socket",
                            Programs.START);
                }
                Received got = received.poll(30, TimeUnit.SECONDS);
                assertEquals("", got.bytes(), program + ": the backend got no header");
                assertTrue(got.reset(), program + ": the backend connection was reset");
            }
        }
    }
}
