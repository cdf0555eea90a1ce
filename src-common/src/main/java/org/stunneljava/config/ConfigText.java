package org.stunneljava.config;

import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the bytes of one configuration file into lines the way stunnel's reader does: a line ends at LF, every
 * CR is dropped wherever it is (stunnel's {@code file_getline}), a UTF-8 byte order mark at the start of line 1 is
 * skipped, and leading/trailing C {@code isspace} characters are trimmed. Owns nothing: a pure function.
 */
final class ConfigText {
    private static final char BOM = '\uFEFF';

    private ConfigText() {
    }

    /**
     * One line of a file.
     *
     * @param number  1-based line number
     * @param raw     the line as written (no LF, no CR): stunnel quotes this text in its messages
     * @param content the text with the BOM (line 1) removed and whitespace trimmed: what the parser reads
     */
    record Line(int number, String raw, String content) {
    }

    static List<Line> lines(byte[] bytes) {
        String text = decode(bytes);
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int number = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int stop = end < 0 ? text.length() : end;
            String raw = text.substring(start, stop).replace("\r", "");
            number++;
            String body = number == 1 && !raw.isEmpty() && raw.charAt(0) == BOM ? raw.substring(1) : raw;
            lines.add(new Line(number, raw, trim(body)));
            start = stop + 1;
        }
        return lines;
    }

    /** Trims the characters C's {@code isspace} accepts in the "C" locale (space, \t, \n, \v, \f, \r). */
    static String trim(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    static String trimRight(String s) {
        int to = s.length();
        while (to > 0 && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(0, to);
    }

    static String trimLeft(String s) {
        int from = 0;
        while (from < s.length() && isSpace(s.charAt(from))) {
            from++;
        }
        return s.substring(from);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }
}
