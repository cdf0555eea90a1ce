package org.stunneljava.testkit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stunneljava.config.SocketOption;
import org.stunneljava.net.NativeSocketOption;
import org.stunneljava.net.NativeSockets;

/**
 * Reads a socket option of a socket the service under test owns, with getsockopt on the descriptor its log named
 * ({@code Setting local socket options (FD=n)}): what the kernel holds, not what the code meant to set. Valid only
 * while that connection is open (a closed descriptor's number is reused).
 */
public final class SocketProbe {
    private static final Pattern SETTING = Pattern.compile("Setting (\\w+) socket options \\(FD=(\\d+)\\)");

    private SocketProbe() {
    }

    /** The descriptor of the first {@code Setting KIND socket options (FD=n)} line. */
    public static int fd(List<String> lines, String kind) {
        for (String line : lines) {
            Matcher m = SETTING.matcher(line);
            if (m.find() && m.group(1).equals(kind)) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("no \"Setting " + kind + " socket options\" line in " + lines);
    }

    /** The option's bytes (at most {@code size}). */
    public static ByteBuffer get(int fd, SocketOption option, int size) {
        NativeSocketOption o = NativeSocketOption.of(option);
        NativeSockets.Option got = NativeSockets.getBytes(fd, o.level(), o.name(), size);
        if (got.failed()) {
            throw new AssertionError("getsockopt " + option + " on FD " + fd + ": "
                    + NativeSockets.describe(got.errno()));
        }
        return ByteBuffer.wrap(got.value()).order(ByteOrder.nativeOrder());
    }

    /** An int option (FLAG or INT). */
    public static int getInt(int fd, SocketOption option) {
        return get(fd, option, Integer.BYTES).getInt();
    }
}
