package org.stunneljava.net;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import jdk.net.ExtendedSocketOptions;
import org.stunneljava.config.SocketOptionValue;

/**
 * stunnel's socket options through the JDK's option API, for a channel whose descriptor cannot be reached: the
 * ones the JDK has (SO_KEEPALIVE, SO_SNDBUF, SO_RCVBUF, SO_REUSEADDR, SO_LINGER, IP_TOS, TCP_NODELAY,
 * TCP_KEEPIDLE/INTVL/CNT). The others cannot be set that way and fail with a line that says why. Stateless.
 */
final class JdkSocketOptions {
    /** The outcome that stands for EOPNOTSUPP: the socket has no such option (a unix socket and TCP_NODELAY). */
    static final String UNSUPPORTED = "not supported";

    private JdkSocketOptions() {
    }

    /** @return null when set, {@link #UNSUPPORTED}, or the reason it failed */
    static String set(NetworkChannel channel, org.stunneljava.config.SocketOption option, SocketOptionValue value) {
        try {
            return switch (option) {
                case SO_KEEPALIVE -> set(channel, StandardSocketOptions.SO_KEEPALIVE, flag(value));
                case SO_REUSEADDR -> set(channel, StandardSocketOptions.SO_REUSEADDR, flag(value));
                case TCP_NODELAY -> set(channel, StandardSocketOptions.TCP_NODELAY, flag(value));
                case SO_SNDBUF -> set(channel, StandardSocketOptions.SO_SNDBUF, number(value));
                case SO_RCVBUF -> set(channel, StandardSocketOptions.SO_RCVBUF, number(value));
                case IP_TOS -> set(channel, StandardSocketOptions.IP_TOS, number(value));
                case TCP_KEEPIDLE -> set(channel, ExtendedSocketOptions.TCP_KEEPIDLE, number(value));
                case TCP_KEEPINTVL -> set(channel, ExtendedSocketOptions.TCP_KEEPINTERVAL, number(value));
                case TCP_KEEPCNT -> set(channel, ExtendedSocketOptions.TCP_KEEPCOUNT, number(value));
                case SO_LINGER -> {
                    SocketOptionValue.Linger l = (SocketOptionValue.Linger) value;
                    yield set(channel, StandardSocketOptions.SO_LINGER, l.onOff() == 0 ? -1 : l.seconds());
                }
                default -> "no file descriptor to set it on (needs Add-Exports java.base/sun.nio.ch)";
            };
        } catch (IOException e) {
            return SocketErrors.describe(e);
        } catch (IllegalArgumentException e) {
            return "Invalid argument (22)";
        }
    }

    private static <T> String set(NetworkChannel channel, SocketOption<T> option, T value) throws IOException {
        if (!channel.supportedOptions().contains(option)) {
            return UNSUPPORTED;
        }
        channel.setOption(option, value);
        return null;
    }

    private static boolean flag(SocketOptionValue value) {
        return ((SocketOptionValue.Flag) value).on();
    }

    private static int number(SocketOptionValue value) {
        return ((SocketOptionValue.Number) value).value();
    }
}
