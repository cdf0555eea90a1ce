package org.stunneljava.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.SocketOption;
import org.stunneljava.net.Listener;
import org.stunneljava.net.NativeFd;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.SocketProbe;

/**
 * The {@code socket = a:...} options on listening sockets: set before bind() (so SO_REUSEADDR and IPV6_V6ONLY
 * matter), read back from the bound socket, and a failure that gives the address up as stunnel's bind_port does.
 */
class ListenersTest {
    @TempDir
    Path dir;

    private ServiceConfig service(String accept, String options) throws Exception {
        return ServiceConfigs.load(dir, "s", """
                [s]
                client = yes
                accept = %s
                connect = 127.0.0.1:1
                %s
                """.formatted(accept, options));
    }

    @Test
    void acceptOptionsAreOnTheListeningSocket() throws Exception {
        RecordingLog log = new RecordingLog();
        List<ServerSocketChannel> bound = Listeners.bind(service("127.0.0.1:0",
                "socket = a:SO_KEEPALIVE=yes\nsocket = a:SO_RCVBUF=24576"), log);
        try {
            int fd = NativeFd.of(bound.get(0));
            assertEquals(1, SocketProbe.getInt(fd, SocketOption.SO_KEEPALIVE));
            assertEquals(49152, SocketProbe.getInt(fd, SocketOption.SO_RCVBUF));
            assertEquals(1, SocketProbe.getInt(fd, SocketOption.SO_REUSEADDR), "stunnel's default");
            assertEquals(List.of("LOG7[test]: Listening file descriptor created (FD=" + fd + ")",
                    "LOG7[test]: Setting accept socket options (FD=" + fd + ")",
                    "LOG7[test]: Option SO_KEEPALIVE set on accept socket",
                    "LOG7[test]: Option SO_RCVBUF set on accept socket",
                    "LOG7[test]: Option SO_REUSEADDR set on accept socket"), log.lines().subList(0, 5));
            assertTrue(log.lines().get(5).startsWith("LOG6[test]: Service [s] (FD=" + fd + ") bound to 127.0.0.1:"));
        } finally {
            bound.forEach(Listener::close);
        }
    }

    @Test
    void reuseAddrNoIsZeroOnTheSocket() throws Exception {
        List<ServerSocketChannel> bound = Listeners.bind(service("127.0.0.1:0", "socket = a:SO_REUSEADDR=no"),
                new RecordingLog());
        try {
            assertEquals(0, SocketProbe.getInt(NativeFd.of(bound.get(0)), SocketOption.SO_REUSEADDR));
        } finally {
            bound.forEach(Listener::close);
        }
    }

    @Test
    void ipv6OnlyBeforeBindKeepsIpv4ClientsOut() throws Exception {
        List<ServerSocketChannel> bound = Listeners.bind(service(":::0", "socket = a:IPV6_V6ONLY=yes"),
                new RecordingLog());
        try {
            int port = ((InetSocketAddress) bound.get(0).getLocalAddress()).getPort();
            assertThrows(ConnectException.class, () -> SocketChannel.open(
                    new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port)).close());
            SocketChannel.open(new InetSocketAddress(InetAddress.getByName("::1"), port)).close();
        } finally {
            bound.forEach(Listener::close);
        }
    }

    @Test
    void aFailedAcceptOptionGivesTheAddressUpAsInStunnel() throws Exception {
        RecordingLog log = new RecordingLog();
        StartupException e = assertThrows(StartupException.class, () -> Listeners.bind(
                service("127.0.0.1:0", "socket = a:SO_BINDTODEVICE=abcdefghijklmno"), log));
        assertEquals(List.of("Binding service [s] failed"), e.lines());
        assertTrue(log.lines().contains("LOG3[test]: SO_BINDTODEVICE: No such device (19)"), log.lines()::toString);
        assertTrue(log.lines().stream().noneMatch(l -> l.contains("bound to") || l.contains("Binding service")),
                "no bind was attempted: " + log.lines());
    }

    @Test
    void aUnixListenerTakesTheSocketLevelDefault() throws Exception {
        RecordingLog log = new RecordingLog();
        List<ServerSocketChannel> bound = Listeners.bind(service(dir.resolve("a.sock").toString(),
                "socket = a:TCP_NODELAY=yes"), log);
        try {
            assertTrue(log.lines().contains("LOG7[test]: Option SO_REUSEADDR set on accept socket"));
            assertTrue(log.lines().contains("LOG7[test]: Option TCP_NODELAY not supported on accept socket"),
                    "EOPNOTSUPP is no failure: " + log.lines());
        } finally {
            bound.forEach(Listener::close);
        }
    }
}
