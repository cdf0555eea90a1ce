package org.stunneljava.net;

import java.util.Map;
import java.nio.channels.NetworkChannel;
import org.stunneljava.config.SocketOption;
import org.stunneljava.config.SocketOptionValue;
import org.stunneljava.config.SocketOptions;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * stunnel's {@code socket_options_set} (network.c) for one socket: every option of one kind in table order,
 * straight through {@code setsockopt} on the channel's descriptor ({@link NativeSockets}), so the kernel sees the
 * bytes stunnel gives it and a failure is logged with the errno stunnel logs. The JDK's own option API would
 * refuse some values the kernel takes ({@code SO_RCVBUF=-5}, a linger that is off with a time), write IPv6
 * sockets' {@code IP_TOS} as the traffic class, and lose the errno; it is used only when the descriptor cannot
 * be reached (no {@code Add-Exports java.base/sun.nio.ch}), for the options it has ({@link JdkSocketOptions}).
 * Lines, as stunnel's: {@code Setting local socket options (FD=n)} and {@code Option X set on local socket}
 * (debug), {@code Option X not supported on local socket} (debug, EOPNOTSUPP: a unix socket), else
 * {@code X: strerror (errno)} (error). Stateless; the caller owns the channel.
 */
public final class SocketOptionSetter {
    static final int EOPNOTSUPP = 95;

    private SocketOptionSetter() {
    }

    /** @return whether every option was set (or is one the socket does not support); false after an error line */
    public static boolean apply(NetworkChannel channel, SocketOptions.Kind kind,
                                Map<SocketOption, SocketOptionValue> options, Log log) {
        int fd = NativeFd.of(channel);
        log.log(Severity.DEBUG, "Setting " + kind.word() + " socket options (FD=" + fd + ")");
        boolean allSet = true;
        for (SocketOption option : SocketOption.values()) { // stunnel's table order, whatever the map's
            SocketOptionValue value = options.get(option);
            if (value == null) {
                continue;
            }
            String failure = fd >= 0 ? setNative(fd, option, value) : JdkSocketOptions.set(channel, option, value);
            if (failure == null) {
                log.log(Severity.DEBUG, "Option " + option + " set on " + kind.word() + " socket");
            } else if (failure.equals(JdkSocketOptions.UNSUPPORTED)) {
                log.log(Severity.DEBUG, "Option " + option + " not supported on " + kind.word() + " socket");
            } else {
                log.log(Severity.ERR, option + ": " + failure);
                allSet = false;
            }
        }
        return allSet;
    }

    /** @return null when set, {@link JdkSocketOptions#UNSUPPORTED} for EOPNOTSUPP, else stunnel's error text */
    private static String setNative(int fd, SocketOption option, SocketOptionValue value) {
        NativeSocketOption target = NativeSocketOption.of(option);
        int errno = NativeSockets.setBytes(fd, target.level(), target.name(), NativeSocketOption.encode(value));
        if (errno == 0) {
            return null;
        }
        return errno == EOPNOTSUPP ? JdkSocketOptions.UNSUPPORTED : NativeSockets.describe(errno);
    }
}
