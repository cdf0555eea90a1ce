package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Programs;

/**
 * The client program (the built jar) with {@code maxClients} from the file: the global one replaces stunnel's
 * implicit limit (and is logged as it), a service's own caps that service, each refusal names the limit reached,
 * and a finished connection makes room again. Connections are held in their TLS handshake by a remote that never
 * answers; closing the remote's end finishes one.
 */
class ClientConnectionLimitIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void globalAndPerServiceMaxClients() throws Exception {
        BlockingQueue<Socket> remotes = new LinkedBlockingQueue<>();
        try (ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!mute.isClosed()) {
                    try {
                        remotes.add(mute.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Path conf = Confs.write(dir, "limits.conf", """
                    debug = debug
                    maxClients = 3
                    [a]
                    client = yes
                    accept = 127.0.0.1:0
                    connect = 127.0.0.1:%1$d
                    maxClients = 2
                    [b]
                    client = yes
                    accept = 127.0.0.1:0
                    connect = 127.0.0.1:%1$d
                    """.formatted(mute.getLocalPort()));
            List<SocketChannel> open = new ArrayList<>();
            try (ManagedProcess client = Programs.stunnelJava(Programs.Mode.CLIENT, conf)) {
                client.await(Pattern.quote("LOG7[ui]: Clients allowed=3"), Programs.START);
                InetSocketAddress a = address(client.awaitPort("a", Programs.START));
                InetSocketAddress b = address(client.awaitPort("b", Programs.START));
                client.await("Accepting new connections", Programs.START);
                open.add(held(a, client, remotes));
                open.add(held(a, client, remotes));
                refused(a, client, "(>=2)", 1);
                open.add(held(b, client, remotes));
                refused(b, client, "(>=3)", 2);
                // one of a's connections ends (its remote goes away): b has room again
                Socket first = remotes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                first.close();
                client.await(Pattern.quote("Service [a] finished (2 left)"), WAIT);
                open.add(held(b, client, remotes));
                refused(b, client, "(>=3)", 3);
            } finally {
                for (SocketChannel c : open) {
                    c.close();
                }
                for (Socket s : remotes) {
                    s.close();
                }
            }
        }
    }

    private static InetSocketAddress address(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** A connection the program takes: it reaches the remote and waits there. */
    private static SocketChannel held(InetSocketAddress address, ManagedProcess client, BlockingQueue<Socket> remotes)
            throws Exception {
        long before = count(client, "s_connect: connected");
        SocketChannel c = SocketChannel.open(address);
        Poll.until(() -> count(client, "s_connect: connected") > before, WAIT, "the connection to reach the remote");
        return c;
    }

    private static void refused(InetSocketAddress address, ManagedProcess client, String limit, int total)
            throws Exception {
        try (Socket c = new Socket(address.getAddress(), address.getPort())) {
            c.setSoTimeout((int) WAIT.toMillis());
            assertEquals(-1, c.getInputStream().read(), "closed at once");
        }
        Poll.until(() -> count(client, "LOG4[ui]: Connection rejected: too many clients") == total, WAIT,
                total + " rejections");
        List<String> rejections = client.lines().stream().filter(l -> l.contains("Connection rejected")).toList();
        assertEquals(true, rejections.getLast().endsWith("LOG4[ui]: Connection rejected: too many clients " + limit),
                rejections::toString);
    }

    private static long count(ManagedProcess process, String fragment) {
        return process.lines().stream().filter(l -> l.contains(fragment)).count();
    }
}
