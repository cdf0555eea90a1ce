package org.stunneljava.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.Failover;
import org.stunneljava.testkit.RecordingLog;

/**
 * {@link Dialer} with stunnel's {@code local}: every attempt bound to that address with an ephemeral port, with
 * stunnel's connect_init lines; a target of the other family skipped; {@code local} before {@code transparent =
 * source}, whose non-local bind options the socket still gets.
 */
class DialerLocalTest {
    private static Dialer dialer(Endpoint... targets) {
        return new Dialer(List.of(targets), false, Failover.PRIO, Duration.ofSeconds(5));
    }

    private static Endpoint.Tcp tcp(SocketAddress address) {
        InetSocketAddress inet = (InetSocketAddress) address;
        return new Endpoint.Tcp(inet.getAddress().getHostAddress(), inet.getPort());
    }

    private static ServerSocketChannel listen(String host) throws Exception {
        return ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getByName(host), 0));
    }

    @Test
    void everyAttemptIsMadeFromTheLocalAddress() throws Exception {
        try (ServerSocketChannel backend = listen("127.0.0.1")) {
            RecordingLog log = new RecordingLog();
            InetAddress local = InetAddress.getByName("127.0.0.2");
            try (SocketChannel out = dialer(tcp(backend.getLocalAddress()))
                    .connect(log, Persistence.NONE, null, local);
                 SocketChannel in = backend.accept()) {
                InetSocketAddress seen = (InetSocketAddress) in.getRemoteAddress();
                assertEquals(local, seen.getAddress());
                assertNotEquals(0, seen.getPort());
            }
            String target = Addresses.text(backend.getLocalAddress());
            assertEquals(List.of("LOG6[test]: bind succeeded on an ephemeral port",
                    "LOG6[test]: s_connect: connecting " + target,
                    "LOG5[test]: s_connect: connected " + target), log.lines());
        }
    }

    @Test
    void aTargetOfTheOtherFamilyIsSkippedForTheNextOne() throws Exception {
        try (ServerSocketChannel backend = listen("127.0.0.1")) {
            Endpoint.Tcp v4 = tcp(backend.getLocalAddress());
            RecordingLog log = new RecordingLog();
            try (SocketChannel out = dialer(new Endpoint.Tcp("::1", v4.port()), v4)
                    .connect(log, Persistence.NONE, null, InetAddress.getByName("127.0.0.2"));
                 SocketChannel in = backend.accept()) {
                assertEquals(InetAddress.getByName("127.0.0.2"), ((InetSocketAddress) in.getRemoteAddress())
                        .getAddress());
            }
            assertEquals("LOG7[test]: Cannot assign an AF=2 address an AF=10 socket", log.lines().get(1));
        }
    }

    @Test
    void localComesBeforeTheTransparentSourceWhoseSocketOptionsStillApply() throws Exception {
        TransparentSourceTest.requireRoot();
        try (ServerSocketChannel backend = listen("127.0.0.1")) {
            RecordingLog log = new RecordingLog();
            InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("127.0.0.9"), 40009);
            try (SocketChannel out = dialer(tcp(backend.getLocalAddress()))
                    .connect(log, Persistence.NONE, client, InetAddress.getByName("127.0.0.3"));
                 SocketChannel in = backend.accept()) {
                assertEquals(InetAddress.getByName("127.0.0.3"), ((InetSocketAddress) in.getRemoteAddress())
                        .getAddress());
            }
            assertEquals(List.of("LOG6[test]: IP_TRANSPARENT socket option set",
                    "LOG6[test]: bind succeeded on an ephemeral port"), log.lines().subList(0, 2));
        }
    }
}
