package org.stunneljava.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ConnectionOptions;
import org.stunneljava.config.SocketOption;
import org.stunneljava.config.SocketOptionValue;
import org.stunneljava.config.SocketOptions;
import org.stunneljava.config.Timeouts;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.SocketProbe;

/**
 * stunnel's {@code socket = l:...} at the start of a connection (client.c local_start): set on an accepted TCP
 * socket before the {@code accepted connection from} line, skipped for a unix one, and a failure only warned about.
 */
class LifecycleSocketOptionsTest {
    @TempDir
    Path dir;

    private static ConnectionOptions local(SocketOption option, SocketOptionValue value) {
        return new ConnectionOptions(SocketOptions.DEFAULTS.with(SocketOptions.Kind.LOCAL, option, value),
                Optional.empty(), OptionalInt.empty());
    }

    /** Runs the lifecycle on the accepted end of a fresh connection; returns its lines. */
    private static List<String> run(ServerSocketChannel listener, ConnectionOptions options) throws Exception {
        try (SocketChannel peer = SocketChannel.open(listener.getLocalAddress());
             SocketChannel accepted = listener.accept()) {
            RecordingLog log = new RecordingLog();
            Connection connection = new Connection("s", false, log, Timeouts.DEFAULTS);
            connection.sockets(options);
            int[] keepalive = new int[1];
            Lifecycle.run(connection, accepted, c -> {
                if (accepted.getRemoteAddress() instanceof InetSocketAddress) {
                    keepalive[0] = SocketProbe.getInt(SocketProbe.fd(log.lines(), "local"), SocketOption.SO_KEEPALIVE);
                }
            });
            if (options.socket().local().containsKey(SocketOption.SO_KEEPALIVE)
                    && peer.getRemoteAddress() instanceof InetSocketAddress) {
                assertEquals(1, keepalive[0], "set while the connection ran");
            }
            return log.lines();
        }
    }

    @Test
    void anAcceptedTcpSocketGetsTheLocalOptionsFirst() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            List<String> lines = run(listener, local(SocketOption.SO_KEEPALIVE, new SocketOptionValue.Flag(true)));
            assertTrue(lines.get(0).startsWith("LOG7[test]: Setting local socket options (FD="), lines::toString);
            assertEquals(List.of("LOG7[test]: Option SO_KEEPALIVE set on local socket",
                    "LOG7[test]: Option TCP_NODELAY set on local socket"), lines.subList(1, 3));
            assertTrue(lines.get(3).startsWith("LOG5[test]: Service [s] accepted connection from 127.0.0.1:"));
        }
    }

    @Test
    void aFailedLocalOptionIsAWarningAndTheConnectionGoesOn() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            List<String> lines = run(listener, local(SocketOption.IP_TTL, new SocketOptionValue.Number(-5)));
            assertEquals(List.of("LOG3[test]: IP_TTL: Invalid argument (22)",
                    "LOG7[test]: Option TCP_NODELAY set on local socket",
                    "LOG4[test]: Failed to set local socket options"), lines.subList(1, 4));
            assertTrue(lines.get(4).contains("accepted connection from"));
            assertTrue(lines.get(lines.size() - 1).startsWith("LOG5[test]: Connection closed"), lines::toString);
        }
    }

    @Test
    void aUnixAcceptedSocketGetsNoLocalOptionsAsInStunnel() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(dir.resolve("in.sock")))) {
            List<String> lines = run(listener, local(SocketOption.SO_KEEPALIVE, new SocketOptionValue.Flag(true)));
            assertTrue(lines.get(0).startsWith("LOG5[test]: Service [s] accepted connection from"), lines::toString);
            assertTrue(lines.stream().noneMatch(l -> l.contains("socket option")), lines::toString);
        }
    }
}
