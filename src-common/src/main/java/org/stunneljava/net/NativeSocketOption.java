package org.stunneljava.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.stunneljava.config.SocketOption;
import org.stunneljava.config.SocketOptionValue;

/**
 * The kernel's level and number of each of stunnel's socket options, and the bytes {@code setsockopt} gets for a
 * value, exactly as stunnel passes them: an int for FLAG and INT, {@code struct linger} (two ints), {@code struct
 * timeval} (two longs), a string with its NUL. The numbers are Linux's generic ones (x86-64, arm64, riscv64; a few
 * architectures such as mips and sparc number SOL_SOCKET options differently and are not supported).
 */
public record NativeSocketOption(int level, int name) {
    static final int SOL_SOCKET = 1;
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_IPV6 = 41;

    public static NativeSocketOption of(SocketOption option) {
        return switch (option) {
            case SO_DEBUG -> new NativeSocketOption(SOL_SOCKET, 1);
            case SO_REUSEADDR -> new NativeSocketOption(SOL_SOCKET, 2);
            case SO_DONTROUTE -> new NativeSocketOption(SOL_SOCKET, 5);
            case SO_SNDBUF -> new NativeSocketOption(SOL_SOCKET, 7);
            case SO_RCVBUF -> new NativeSocketOption(SOL_SOCKET, 8);
            case SO_KEEPALIVE -> new NativeSocketOption(SOL_SOCKET, 9);
            case SO_OOBINLINE -> new NativeSocketOption(SOL_SOCKET, 10);
            case SO_LINGER -> new NativeSocketOption(SOL_SOCKET, 13);
            case SO_RCVLOWAT -> new NativeSocketOption(SOL_SOCKET, 18);
            case SO_SNDLOWAT -> new NativeSocketOption(SOL_SOCKET, 19);
            case SO_RCVTIMEO -> new NativeSocketOption(SOL_SOCKET, 20);
            case SO_SNDTIMEO -> new NativeSocketOption(SOL_SOCKET, 21);
            case SO_BINDTODEVICE -> new NativeSocketOption(SOL_SOCKET, 25);
            case TCP_NODELAY -> new NativeSocketOption(IPPROTO_TCP, 1);
            case TCP_KEEPIDLE -> new NativeSocketOption(IPPROTO_TCP, 4);
            case TCP_KEEPINTVL -> new NativeSocketOption(IPPROTO_TCP, 5);
            case TCP_KEEPCNT -> new NativeSocketOption(IPPROTO_TCP, 6);
            case IP_TOS -> new NativeSocketOption(IPPROTO_IP, 1);
            case IP_TTL -> new NativeSocketOption(IPPROTO_IP, 2);
            case IP_FREEBIND -> new NativeSocketOption(IPPROTO_IP, 15);
            case IPV6_V6ONLY -> new NativeSocketOption(IPPROTO_IPV6, 26);
        };
    }

    /** What stunnel's {@code setsockopt} call passes for {@code value}: the bytes and so their length. */
    static byte[] encode(SocketOptionValue value) {
        return switch (value) {
            case SocketOptionValue.Flag f -> ints(f.on() ? 1 : 0);
            case SocketOptionValue.Number n -> ints(n.value());
            case SocketOptionValue.Linger l -> ints(l.onOff(), l.seconds());
            case SocketOptionValue.TimeVal t -> longs(t.seconds(), t.microseconds());
            case SocketOptionValue.Text t -> {
                byte[] text = t.value().getBytes(StandardCharsets.UTF_8);
                byte[] withNul = new byte[text.length + 1];
                System.arraycopy(text, 0, withNul, 0, text.length);
                yield withNul;
            }
        };
    }

    private static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(Integer.BYTES * values.length).order(ByteOrder.nativeOrder());
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    private static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(Long.BYTES * values.length).order(ByteOrder.nativeOrder());
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }
}
