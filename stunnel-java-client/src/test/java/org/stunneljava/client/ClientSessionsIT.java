package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OurPrograms;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * Our client program resuming TLS 1.2 sessions with real servers: stunnel ({@code sslVersionMax = TLSv1.2}, with
 * tickets and with {@code options = NO_TICKET}) and {@code openssl s_server -no_tls1_3} (with and without
 * {@code -no_ticket}): the second and third connections log {@code TLS connected: previous session reused} and the
 * server agrees. Scenario 37: the same client resumes with our server restarted with the same ticket secrets.
 */
class ClientSessionsIT {
    private static final Duration WAIT = Programs.START;
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
    }

    private static ManagedProcess startClient(String name, int remotePort, String extra) throws Exception {
        return OurPrograms.client(dir, name, remotePort, OurPrograms.verifyingLocalhost(pki.caPem()) + extra);
    }

    private static ManagedProcess stunnelServer(String name, int backendPort, String extra) throws Exception {
        return Programs.stunnel(Confs.write(dir, name + ".conf", """
                pid =
                [%s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                sslVersionMax = TLSv1.2
                %s
                """.formatted(name, backendPort, pki.serverPem(), extra)));
    }

    private static ManagedProcess ourServer(String name, int backendPort, String extra) throws Exception {
        return OurPrograms.server(dir, name, backendPort, pki.serverPem(), "sslVersionMax = TLSv1.2\n" + extra);
    }

    private static void echoOnce(int port, int i) throws IOException {
        byte[] request = ("hello " + i + "\n").getBytes();
        assertEquals(new String(request), new String(PlainClient.exchange(port, request)));
    }

    private static long count(ManagedProcess p, String fragment) {
        return p.lines().stream().filter(l -> l.contains(fragment)).count();
    }

    private static void awaitCount(ManagedProcess p, String fragment, int n) throws InterruptedException {
        Poll.until(() -> count(p, fragment) >= n, WAIT, () -> n + " lines with \"" + fragment + "\":\n" + p.output());
    }

    private static void assertNewThenReused(ManagedProcess client, int newOnes, int reused)
            throws InterruptedException {
        awaitCount(client, "Connection closed", newOnes + reused);
        assertEquals(newOnes, count(client, "TLS connected: new session negotiated"), client.output());
        assertEquals(reused, count(client, "TLS connected: previous session reused"), client.output());
    }

    @Test
    void resumesWithStunnelByTicketAndBySessionId() throws Exception {
        for (String option : new String[]{"", "options = NO_TICKET"}) {
            String name = option.isEmpty() ? "st-tickets" : "st-ids";
            try (Backends backend = Backends.echo();
                 ManagedProcess stunnel = stunnelServer(name, backend.port(), option);
                 ManagedProcess client = startClient(name + "-c", stunnel.awaitPort(name, WAIT), "")) {
                int port = client.awaitPort(name + "-c", WAIT);
                for (int i = 0; i < 3; i++) {
                    echoOnce(port, i);
                }
                assertNewThenReused(client, 1, 2);
                awaitCount(stunnel, "TLS accepted: previous session reused", 2);
                assertEquals(option.isEmpty() ? 2 : 0, count(stunnel, "Decrypted ticket for an authenticated"),
                        stunnel.output());
            }
        }
    }

    @Test
    void resumesWithOpensslServerByTicketAndBySessionId() throws Exception {
        for (boolean noTicket : new boolean[]{false, true}) {
            String[] args = noTicket ? new String[]{"-no_tls1_3", "-no_ticket"} : new String[]{"-no_tls1_3"};
            String name = noTicket ? "ss-ids" : "ss-tickets";
            try (Programs.OpensslServer server = Programs.opensslServer(pki.server().certPem(),
                         pki.server().keyPem(), withChain(args));
                 ManagedProcess client = startClient(name, server.port(), "")) {
                int port = client.awaitPort(name, WAIT);
                for (int i = 0; i < 3; i++) {
                    echoToSServer(server.process(), port, i);
                }
                assertNewThenReused(client, 1, 2);
                assertEquals(2, count(server.process(), "Reused session-id"), server.process().output());
            }
        }
    }

    @Test
    void sessionResumeNoOnTheClientMakesEveryConnectionNew() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess stunnel = stunnelServer("st-noresume", backend.port(), "");
             ManagedProcess client = startClient("noresume-c", stunnel.awaitPort("st-noresume", WAIT),
                     "sessionResume = no")) {
            int port = client.awaitPort("noresume-c", WAIT);
            for (int i = 0; i < 3; i++) {
                echoOnce(port, i);
            }
            assertNewThenReused(client, 3, 0);
            assertEquals(0, count(stunnel, "previous session reused"), stunnel.output());
        }
    }

    /**
     * Scenario 37 (upstream test 151): one client process; our server restarted in between with the same
     * {@code ticketKeySecret}/{@code ticketMacSecret}. A forwarder keeps the client's connect address the same
     * while the server's port changes (the client keeps a session per connect address). A restart with random keys
     * is the control: the old ticket no longer opens.
     */
    @Test
    void ticketsSurviveAServerRestartWithTheSameSecrets() throws Exception {
        AtomicInteger serverPort = new AtomicInteger();
        try (Backends backend = Backends.echo();
             Backends forwarder = Backends.custom(s -> forward(s, serverPort.get()));
             ManagedProcess client = startClient("restart-c", forwarder.port(), "")) {
            int port = client.awaitPort("restart-c", WAIT);
            try (ManagedProcess first = ourServer("restart", backend.port(), Confs.TICKET_SECRETS)) {
                serverPort.set(first.awaitPort("restart", WAIT));
                echoOnce(port, 0);
                assertEquals(0, first.terminate(WAIT));
            }
            try (ManagedProcess second = ourServer("restart", backend.port(), Confs.TICKET_SECRETS)) {
                serverPort.set(second.awaitPort("restart", WAIT));
                echoOnce(port, 1);
                echoOnce(port, 2);
                awaitCount(second, "TLS accepted: previous session reused", 2);
                assertNewThenReused(client, 1, 2);
            }
            try (ManagedProcess third = ourServer("restart", backend.port(), "")) {
                serverPort.set(third.awaitPort("restart", WAIT));
                echoOnce(port, 3);
                echoOnce(port, 4);
                awaitCount(third, "Connection closed", 2);
                assertEquals(1, count(third, "TLS accepted: new session negotiated"), third.output());
                assertEquals(1, count(third, "TLS accepted: previous session reused"), third.output());
            }
        }
    }

    private static String[] withChain(String[] args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "-cert_chain";
        all[args.length + 1] = pki.intermediatePem().toString();
        return all;
    }

    /** s_server prints what it receives and {@code DONE} at the client's close_notify, one connection at a time. */
    private static void echoToSServer(ManagedProcess server, int port, int i) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(("hello " + i + "\n").getBytes());
            s.shutdownOutput();
            server.await("^hello " + i + "$", WAIT);
            Poll.until(() -> count(server, "DONE") > i, WAIT, () -> "s_server DONE #" + (i + 1));
        }
    }

    /** A plain TCP relay to the current server port, both directions, half-close passed on. */
    private static void forward(Socket in, int port) {
        try (Socket out = new Socket(InetAddress.getLoopbackAddress(), port)) {
            CompletableFuture<Void> up = CompletableFuture.runAsync(() -> pump(in, out));
            pump(out, in);
            up.join();
        } catch (IOException e) {
            // the peer went away: the test sees it on its own connection
        }
    }

    private static void pump(Socket from, Socket to) {
        try { // closing a socket's stream would close the socket, and with it the other direction
            InputStream i = from.getInputStream();
            OutputStream o = to.getOutputStream();
            i.transferTo(o);
            to.shutdownOutput();
        } catch (IOException e) {
            // closed
        }
    }
}
