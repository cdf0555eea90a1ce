package org.stunneljava.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.Failover;
import org.stunneljava.testkit.RecordingLog;

/**
 * {@link Dialer} with a transparent source, over this host's own loopback (where any 127/8 address is local, so
 * no routing is needed): the backend sees the source, each attempt logs stunnel's connect_init lines before
 * {@code s_connect: connecting}, a target the source cannot be bound for is skipped like any failed address, and
 * failover and persistence behave as without a source.
 */
class DialerTransparentSourceTest {
    @TempDir
    Path dir;

    private static Dialer dialer(Endpoint... targets) {
        return new Dialer(List.of(targets), false, Failover.PRIO, Duration.ofSeconds(5));
    }

    private static Endpoint.Tcp tcp(SocketAddress address) {
        InetSocketAddress inet = (InetSocketAddress) address;
        return new Endpoint.Tcp(inet.getAddress().getHostAddress(), inet.getPort());
    }

    private static ServerSocketChannel listen(String host) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        return server;
    }

    /** A port of ours on 127.0.0.1 is free on 127.0.0.5 and on ::1: a client port nothing else holds there. */
    private static int heldPort(SocketChannel holder) throws Exception {
        holder.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        return ((InetSocketAddress) holder.getLocalAddress()).getPort();
    }

    @Test
    void theBackendSeesTheClientsAddressAndPortOverIpv4() throws Exception {
        TransparentSourceTest.requireRoot();
        assertBackendSeesSource("127.0.0.1", "127.0.0.5");
    }

    @Test
    void theBackendSeesTheClientsAddressAndPortOverIpv6() throws Exception {
        TransparentSourceTest.requireRoot();
        assertBackendSeesSource("::1", "::1");
    }

    private static void assertBackendSeesSource(String backendHost, String clientHost) throws Exception {
        try (ServerSocketChannel backend = listen(backendHost); SocketChannel holder = SocketChannel.open()) {
            InetSocketAddress source = new InetSocketAddress(InetAddress.getByName(clientHost), heldPort(holder));
            RecordingLog log = new RecordingLog();
            try (SocketChannel out = dialer(tcp(backend.getLocalAddress())).connect(log, Persistence.NONE, source);
                 SocketChannel in = backend.accept()) {
                assertEquals(source, in.getRemoteAddress());
                assertEquals(source, out.getLocalAddress());
            }
            String target = Addresses.text(backend.getLocalAddress());
            assertEquals(List.of("LOG6[test]: IP_TRANSPARENT socket option set",
                    "LOG6[test]: bind succeeded on the original port",
                    "LOG6[test]: s_connect: connecting " + target,
                    "LOG5[test]: s_connect: connected " + target), log.lines());
        }
    }

    @Test
    void aTargetOfTheOtherFamilyIsSkippedForTheNextAddress() throws Exception {
        TransparentSourceTest.requireRoot();
        try (ServerSocketChannel backend = listen("127.0.0.1"); SocketChannel holder = SocketChannel.open()) {
            InetSocketAddress source = new InetSocketAddress(InetAddress.getByName("127.0.0.5"), heldPort(holder));
            Endpoint.Tcp v4 = tcp(backend.getLocalAddress());
            RecordingLog log = new RecordingLog();
            try (SocketChannel out = dialer(new Endpoint.Tcp("::1", v4.port()), v4)
                    .connect(log, Persistence.NONE, source);
                 SocketChannel in = backend.accept()) {
                assertEquals(source, in.getRemoteAddress());
            }
            assertEquals(List.of("LOG6[test]: failover: priority, starting at entry #0",
                    "LOG7[test]: Cannot assign an AF=2 address an AF=10 socket",
                    "LOG6[test]: IP_TRANSPARENT socket option set",
                    "LOG6[test]: bind succeeded on the original port",
                    "LOG6[test]: s_connect: connecting " + v4,
                    "LOG5[test]: s_connect: connected " + v4), log.lines());
        }
    }

    @Test
    void aClientOnThisHostKeepsItsAddressButNotItsPortWhichItStillHolds() throws Exception {
        TransparentSourceTest.requireRoot();
        try (ServerSocketChannel front = listen("127.0.0.1"); ServerSocketChannel backend = listen("127.0.0.1");
             SocketChannel client = SocketChannel.open(front.getLocalAddress()); SocketChannel accepted = front.accept()) {
            SocketAddress source = accepted.getRemoteAddress();
            RecordingLog log = new RecordingLog();
            try (SocketChannel out = dialer(tcp(backend.getLocalAddress())).connect(log, Persistence.NONE, source);
                 SocketChannel in = backend.accept()) {
                InetSocketAddress seen = (InetSocketAddress) in.getRemoteAddress();
                assertEquals(((InetSocketAddress) source).getAddress(), seen.getAddress());
            }
            assertEquals("LOG6[test]: bind succeeded on an ephemeral port", log.lines().get(1));
        }
    }

    @Test
    void aUnixTargetCannotTakeAnInetSourceSoNoAddressIsLeft() throws Exception {
        Path socket = dir.resolve("backend.sock");
        try (ServerSocketChannel backend = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            backend.bind(UnixDomainSocketAddress.of(socket));
            RecordingLog log = new RecordingLog();
            InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 40000);
            assertThrows(Dialer.NoMoreAddresses.class,
                    () -> dialer(new Endpoint.Unix(socket)).connect(log, Persistence.NONE, client));
            assertEquals(List.of("LOG7[test]: Cannot assign an AF=2 address an AF=1 socket",
                    "LOG3[test]: No more addresses to connect"), log.lines());
        }
    }

    @Test
    void aUnixClientToAUnixTargetConnectsAfterBothOptionsFailAsInStunnel() throws Exception {
        Path socket = dir.resolve("backend.sock");
        try (ServerSocketChannel backend = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            backend.bind(UnixDomainSocketAddress.of(socket));
            RecordingLog log = new RecordingLog();
            try (SocketChannel out = dialer(new Endpoint.Unix(socket))
                    .connect(log, Persistence.NONE, UnixDomainSocketAddress.of(""));
                 SocketChannel in = backend.accept()) {
                assertEquals(socket, ((UnixDomainSocketAddress) out.getRemoteAddress()).getPath());
            }
            assertEquals(List.of("LOG3[test]: setsockopt IP_TRANSPARENT: Operation not supported (95)",
                    "LOG3[test]: setsockopt IP_FREEBIND: Operation not supported (95)",
                    "LOG6[test]: bind succeeded on an ephemeral port",
                    "LOG6[test]: s_connect: connecting " + socket,
                    "LOG5[test]: s_connect: connected " + socket), log.lines());
        }
    }

    @Test
    void aResumedSessionStillStartsAtItsBackendAndTheNewOneIsRemembered() throws Exception {
        TransparentSourceTest.requireRoot();
        try (ServerSocketChannel first = listen("127.0.0.1"); ServerSocketChannel second = listen("127.0.0.1");
             SocketChannel holder = SocketChannel.open()) {
            InetSocketAddress source = new InetSocketAddress(InetAddress.getByName("127.0.0.5"), heldPort(holder));
            SocketAddress previous = second.getLocalAddress();
            List<SocketAddress> remembered = new ArrayList<>();
            RecordingLog log = new RecordingLog();
            try (SocketChannel out = dialer(tcp(first.getLocalAddress()), tcp(previous))
                    .connect(log, Persistence.of(true, () -> previous, remembered::add), source);
                 SocketChannel in = second.accept()) {
                assertEquals(source, in.getRemoteAddress());
            }
            assertEquals(List.of(previous), remembered);
            assertEquals("LOG6[test]: persistence: " + Addresses.text(previous) + " reused", log.lines().get(0));
            assertEquals("LOG6[test]: persistence: " + Addresses.text(previous) + " cached",
                    log.lines().get(log.lines().size() - 1));
        }
    }

    @Test
    void withoutASourceNothingIsBoundAndNoBindLineIsLogged() throws Exception {
        try (ServerSocketChannel backend = listen("127.0.0.1")) {
            RecordingLog log = new RecordingLog();
            Dialer dialer = dialer(tcp(backend.getLocalAddress()));
            try (SocketChannel a = dialer.connect(log, Persistence.NONE, null); SocketChannel b = backend.accept();
                 SocketChannel c = dialer.connect(log); SocketChannel d = backend.accept()) {
                assertEquals(a.getLocalAddress(), b.getRemoteAddress());
                assertEquals(c.getLocalAddress(), d.getRemoteAddress());
            }
            String target = Addresses.text(backend.getLocalAddress());
            List<String> once = List.of("LOG6[test]: s_connect: connecting " + target,
                    "LOG5[test]: s_connect: connected " + target);
            assertEquals(List.of(once.get(0), once.get(1), once.get(0), once.get(1)), log.lines());
        }
    }
}
