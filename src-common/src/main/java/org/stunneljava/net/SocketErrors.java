package org.stunneljava.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Describes a socket failure the way stunnel's {@code sockerror()} does, {@code strerror (errno)}, since
 * operators grep for these: {@code Connection refused (111)}.
 */
public final class SocketErrors {
    private SocketErrors() {
    }

    public static String describe(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof ConnectException && m.contains("refused")) return "Connection refused (111)";
        if (e instanceof NoRouteToHostException) return "No route to host (113)";
        if (e instanceof SocketTimeoutException) return "Connection timed out (110)";
        if (e instanceof ClosedChannelException) return "Bad file descriptor (9)";
        if (m.contains("connection reset")) return "Connection reset by peer (104)";
        if (m.contains("broken pipe")) return "Broken pipe (32)";
        if (m.contains("address already in use")) return "Address already in use (98)";
        if (m.contains("cannot assign requested address")) return "Cannot assign requested address (99)";
        if (m.contains("permission denied")) return "Permission denied (13)";
        if (m.contains("network is unreachable")) return "Network is unreachable (101)";
        if (m.contains("no such file")) return "No such file or directory (2)";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Resets and EOFs from a peer are routine (debug noise per STYLE.md); anything else deserves a louder line. */
    public static boolean isPeerReset(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("connection reset") || m.contains("broken pipe") || e instanceof java.io.EOFException;
    }
}
