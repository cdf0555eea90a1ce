package org.stunneljava.net;

import java.lang.reflect.Method;
import java.nio.channels.Channel;

/**
 * The file descriptor number behind a JDK channel, through {@code sun.nio.ch.SelChImpl#getFDVal}: needed for the
 * {@code (FD=n)} in stunnel's log lines and for socket options the JDK lacks (FFM getsockopt/setsockopt).
 * Requires {@code Add-Exports: java.base/sun.nio.ch} (jar manifest) or {@code --add-exports} (tests).
 */
public final class NativeFd {
    private static final Method GET_FD_VAL = lookup();

    private NativeFd() {
    }

    /** @return the descriptor, or -1 when the JDK internals are not reachable */
    public static int of(Channel channel) {
        if (GET_FD_VAL == null) {
            return -1;
        }
        try {
            return (int) GET_FD_VAL.invoke(channel);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    public static boolean available() {
        return GET_FD_VAL != null;
    }

    private static Method lookup() {
        try {
            Class<?> selCh = Class.forName("sun.nio.ch.SelChImpl");
            Method m = selCh.getMethod("getFDVal");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
