package org.stunneljava.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.config.SocketOption;
import org.stunneljava.config.SocketOptionValue;
import org.stunneljava.config.SocketOptionValue.Flag;
import org.stunneljava.config.SocketOptionValue.Linger;
import org.stunneljava.config.SocketOptionValue.Number;
import org.stunneljava.config.SocketOptionValue.Text;
import org.stunneljava.config.SocketOptionValue.TimeVal;
import org.stunneljava.config.SocketOptions.Kind;
import org.stunneljava.testkit.RecordingLog;

/**
 * Every option of stunnel's table set on a real socket and read back with getsockopt (the kernel doubles the
 * buffer sizes it is given), and stunnel's lines for success, an option the socket lacks, and a failure.
 */
class SocketOptionSetterTest {
    @TempDir
    Path dir;

    private static byte[] read(SocketChannel channel, SocketOption option, int size) {
        NativeSocketOption o = NativeSocketOption.of(option);
        NativeSockets.Option got = NativeSockets.getBytes(NativeFd.of(channel), o.level(), o.name(), size);
        assertFalse(got.failed(), () -> "getsockopt " + option + ": " + NativeSockets.describe(got.errno()));
        return got.value();
    }

    private static int readInt(SocketChannel channel, SocketOption option) {
        return ByteBuffer.wrap(read(channel, option, 4)).order(ByteOrder.nativeOrder()).getInt();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            SO_DONTROUTE   | 1     | 1
            SO_KEEPALIVE   | 1     | 1
            SO_OOBINLINE   | 1     | 1
            SO_REUSEADDR   | 1     | 1
            TCP_NODELAY    | 1     | 1
            IP_FREEBIND    | 1     | 1
            SO_RCVBUF      | 24576 | 49152
            SO_SNDBUF      | 65536 | 131072
            SO_RCVLOWAT    | 5     | 5
            TCP_KEEPCNT    | 3     | 3
            TCP_KEEPIDLE   | 30    | 30
            TCP_KEEPINTVL  | 7     | 7
            IP_TOS         | 16    | 16
            IP_TTL         | 7     | 7
            """)
    void anIntOptionTakesEffect(SocketOption option, int value, int readBack) throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET)) {
            SocketOptionValue v = option.type() == SocketOption.Type.FLAG ? new Flag(value == 1) : new Number(value);
            RecordingLog log = new RecordingLog();
            assertTrue(SocketOptionSetter.apply(channel, Kind.REMOTE, Map.of(option, v), log), log.lines()::toString);
            assertEquals(readBack, readInt(channel, option));
            assertEquals(List.of("LOG7[test]: Setting remote socket options (FD=" + NativeFd.of(channel) + ")",
                    "LOG7[test]: Option " + option + " set on remote socket"), log.lines());
        }
    }

    @Test
    void aFlagSetToNoClearsWhatTheJdkTurnedOn() throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET)) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            assertTrue(SocketOptionSetter.apply(channel, Kind.LOCAL, Map.of(SocketOption.TCP_NODELAY, new Flag(false)),
                    new RecordingLog()));
            assertFalse(channel.getOption(StandardSocketOptions.TCP_NODELAY));
        }
    }

    @Test
    void lingerTimeoutsAndDeviceAreStructuresAndAString() throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET)) {
            RecordingLog log = new RecordingLog();
            assertTrue(SocketOptionSetter.apply(channel, Kind.LOCAL, Map.of(SocketOption.SO_LINGER, new Linger(1, 60),
                    SocketOption.SO_RCVTIMEO, new TimeVal(2, 500_000), SocketOption.SO_SNDTIMEO, new TimeVal(3, 0),
                    SocketOption.SO_BINDTODEVICE, new Text("lo")), log), log.lines()::toString);
            ByteBuffer linger = ByteBuffer.wrap(read(channel, SocketOption.SO_LINGER, 8)).order(ByteOrder.nativeOrder());
            assertEquals(1, linger.getInt());
            assertEquals(60, linger.getInt());
            assertEquals(60, channel.getOption(StandardSocketOptions.SO_LINGER), "the JDK reads the same");
            ByteBuffer rcv = ByteBuffer.wrap(read(channel, SocketOption.SO_RCVTIMEO, 16)).order(ByteOrder.nativeOrder());
            assertEquals(2, rcv.getLong());
            assertEquals(500_000, rcv.getLong());
            ByteBuffer snd = ByteBuffer.wrap(read(channel, SocketOption.SO_SNDTIMEO, 16)).order(ByteOrder.nativeOrder());
            assertEquals(3, snd.getLong());
            byte[] device = read(channel, SocketOption.SO_BINDTODEVICE, 16);
            assertEquals("lo", new String(device, 0, 2, StandardCharsets.US_ASCII));
            // table order, not the order given
            assertEquals(List.of("Setting", "SO_LINGER", "SO_RCVTIMEO", "SO_SNDTIMEO", "SO_BINDTODEVICE"),
                    log.lines().stream().map(l -> l.split(" ")[1].equals("Setting") ? "Setting" : l.split(" ")[2])
                            .toList());
        }
    }

    @Test
    void aFailureIsStunnelsErrnoLineAndTheOthersAreStillSet() throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET)) {
            RecordingLog log = new RecordingLog();
            assertFalse(SocketOptionSetter.apply(channel, Kind.REMOTE, Map.of(SocketOption.SO_RCVBUF, new Number(24576),
                    SocketOption.SO_BINDTODEVICE, new Text("nosuchdev0"), SocketOption.TCP_NODELAY, new Flag(false),
                    SocketOption.IP_TTL, new Number(0)), log));
            int fd = NativeFd.of(channel);
            assertEquals(List.of("LOG7[test]: Setting remote socket options (FD=" + fd + ")",
                    "LOG7[test]: Option SO_RCVBUF set on remote socket",
                    "LOG3[test]: SO_BINDTODEVICE: No such device (19)",
                    "LOG3[test]: IP_TTL: Invalid argument (22)",
                    "LOG7[test]: Option TCP_NODELAY set on remote socket"), log.lines());
            assertEquals(49152, readInt(channel, SocketOption.SO_RCVBUF), "not the default 131072");
        }
    }

    @Test
    void anOptionOfAnotherProtocolFailsAsInStunnel() throws Exception {
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            RecordingLog log = new RecordingLog();
            assertFalse(SocketOptionSetter.apply(channel, Kind.ACCEPT, Map.of(SocketOption.IPV6_V6ONLY, new Flag(true),
                    SocketOption.SO_SNDLOWAT, new Number(10)), log));
            assertEquals(List.of("LOG3[test]: SO_SNDLOWAT: Protocol not available (92)",
                    "LOG3[test]: IPV6_V6ONLY: Protocol not available (92)"), log.lines().subList(1, 3));
        }
    }

    @Test
    void ipv6OnlyOnAnIpv6ListenerTakesEffect() throws Exception {
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
            assertTrue(SocketOptionSetter.apply(channel, Kind.ACCEPT, Map.of(SocketOption.IPV6_V6ONLY, new Flag(true)),
                    new RecordingLog()));
            NativeSocketOption o = NativeSocketOption.of(SocketOption.IPV6_V6ONLY);
            assertEquals(1, NativeSockets.getInt(NativeFd.of(channel), o.level(), o.name()));
            channel.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            try (SocketChannel v4 = SocketChannel.open(StandardProtocolFamily.INET)) {
                assertThrows(java.net.ConnectException.class,
                        () -> v4.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port)),
                        "an IPv6-only listener takes no IPv4 client");
            }
        }
    }

    @Test
    void aUnixSocketLacksTcpNodelayWhichIsOnlyADebugLine() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(dir.resolve("s.sock")));
            try (SocketChannel channel = SocketChannel.open(server.getLocalAddress())) {
                RecordingLog log = new RecordingLog();
                assertTrue(SocketOptionSetter.apply(channel, Kind.REMOTE, Map.of(SocketOption.TCP_NODELAY,
                        new Flag(true)), log));
                assertEquals("LOG7[test]: Option TCP_NODELAY not supported on remote socket", log.lines().get(1));
            }
        }
    }

    @Test
    void withoutADescriptorTheJdkSetsTheOptionsItHas() throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET)) {
            assertEquals(null, JdkSocketOptions.set(channel, SocketOption.SO_KEEPALIVE, new Flag(true)));
            assertEquals(null, JdkSocketOptions.set(channel, SocketOption.TCP_KEEPIDLE, new Number(45)));
            assertEquals(null, JdkSocketOptions.set(channel, SocketOption.SO_LINGER, new Linger(0, 9)));
            assertEquals(null, JdkSocketOptions.set(channel, SocketOption.SO_SNDBUF, new Number(32768)));
            assertTrue(channel.getOption(StandardSocketOptions.SO_KEEPALIVE));
            assertEquals(45, channel.getOption(ExtendedSocketOptions.TCP_KEEPIDLE));
            assertEquals(-1, channel.getOption(StandardSocketOptions.SO_LINGER), "off");
            assertEquals(65536, readInt(channel, SocketOption.SO_SNDBUF));
            assertEquals("no file descriptor to set it on (needs Add-Exports java.base/sun.nio.ch)",
                    JdkSocketOptions.set(channel, SocketOption.IP_TTL, new Number(7)));
            assertEquals("Invalid argument (22)", JdkSocketOptions.set(channel, SocketOption.SO_RCVBUF,
                    new Number(-5)), "the JDK refuses what the kernel takes: why it is only the fallback");
        }
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            assertEquals(JdkSocketOptions.UNSUPPORTED, JdkSocketOptions.set(listener, SocketOption.TCP_NODELAY,
                    new Flag(true)));
        }
    }
}
