package org.stunneljava.config;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a {@code socket} value exactly as stunnel 5.68's {@code socket_option_parse} does, so that a file stunnel
 * accepts is accepted here and every file it refuses gets its one message, {@code Illegal socket option}:
 * <ul>
 * <li>a lower-case {@code a}, {@code l} or {@code r}, then {@code :} (no spaces);</li>
 * <li>the option name up to the first {@code =}, exactly as in {@link SocketOption} (case-sensitive, no spaces);</li>
 * <li>the value after it: FLAG {@code yes}/{@code no} in any case or {@code 1}/{@code 0}; INT a decimal
 *     {@code strtol} number (leading spaces and a sign allowed; an empty value is 0, stunnel's bug kept so that
 *     the same files load); LINGER {@code onoff[:seconds]} and TIMEVAL {@code seconds[:microseconds]}, each part
 *     such a number; STRING at most 15 bytes.</li>
 * </ul>
 */
final class SocketOptionParser {
    static final String ILLEGAL = "Illegal socket option";
    /** stunnel keeps a STRING in a 16-byte union, with its terminating NUL. */
    private static final int MAX_STRING_BYTES = 15;

    private SocketOptionParser() {
    }

    /** One parsed {@code socket} line. */
    record Line(SocketOptions.Kind kind, SocketOption option, SocketOptionValue value) {
    }

    static Line parse(String arg) throws OptionError {
        if (arg.length() < 2 || arg.charAt(1) != ':') {
            throw new OptionError(ILLEGAL);
        }
        SocketOptions.Kind kind = SocketOptions.Kind.of(arg.charAt(0));
        int eq = arg.indexOf('=', 2);
        if (kind == null || eq < 0) {
            throw new OptionError(ILLEGAL);
        }
        SocketOption option = option(arg.substring(2, eq));
        return new Line(kind, option, value(option.type(), arg.substring(eq + 1)));
    }

    private static SocketOption option(String name) throws OptionError {
        for (SocketOption o : SocketOption.values()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        throw new OptionError(ILLEGAL);
    }

    private static SocketOptionValue value(SocketOption.Type type, String text) throws OptionError {
        return switch (type) {
            case FLAG -> new SocketOptionValue.Flag(flag(text));
            case INT -> new SocketOptionValue.Number(number(text));
            case LINGER -> {
                int[] parts = pair(text);
                // stunnel casts both to u_short before storing them in struct linger
                yield new SocketOptionValue.Linger(parts[0] & 0xFFFF, parts[1] & 0xFFFF);
            }
            case TIMEVAL -> {
                int[] parts = pair(text);
                yield new SocketOptionValue.TimeVal(parts[0], parts[1]);
            }
            case STRING -> {
                if (text.getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
                    throw new OptionError(ILLEGAL);
                }
                yield new SocketOptionValue.Text(text);
            }
        };
    }

    private static boolean flag(String text) throws OptionError {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("yes") || text.equals("1")) {
            return true;
        }
        if (lower.equals("no") || text.equals("0")) {
            return false;
        }
        throw new OptionError(ILLEGAL);
    }

    private static int number(String text) throws OptionError {
        Integer n = CNumbers.socketInt(text);
        if (n == null) {
            throw new OptionError(ILLEGAL);
        }
        return n;
    }

    /** {@code first[:second]}, split at the first colon; a missing second part is 0. */
    private static int[] pair(String text) throws OptionError {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new int[] {number(text), 0};
        }
        // stunnel parses the second part first; either failing gives the same message
        int second = number(text.substring(colon + 1));
        return new int[] {number(text.substring(0, colon)), second};
    }
}
