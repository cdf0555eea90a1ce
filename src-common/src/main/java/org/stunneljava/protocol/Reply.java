package org.stunneljava.protocol;

import java.io.IOException;

/**
 * Reply-code checks of the STARTTLS clients. stunnel tests for the code followed by a space ({@code "250 "},
 * {@code "+OK "}), case-insensitively; we also accept the code alone on its line, which RFC 5321 (section 4.2)
 * and RFC 1939 (section 3) allow and stunnel refuses. A deliberate difference (the same rule for NNTP): it only
 * lets through servers that stunnel would drop, and the README lists it.
 */
final class Reply {
    private Reply() {
    }

    /** Whether {@code line} is the final line of reply {@code code}: the code, then a space or nothing. */
    static boolean is(String line, String code) {
        return LineChannel.startsWith(line, code + " ") || line.equalsIgnoreCase(code);
    }

    /** Reads lines while they continue a multi-line reply ({@code "250-"}); returns the first one that does not. */
    static String skipContinuations(LineChannel channel, String continuation) throws IOException {
        String line;
        do {
            line = channel.readLine();
        } while (LineChannel.startsWith(line, continuation));
        return line;
    }
}
