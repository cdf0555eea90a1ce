package org.stunneljava.log;

/** stunnel's clean-up of a message text before it is logged (log.c {@code s_vlog} and {@code safestring}). */
public final class LogText {
    /** stunnel cuts the formatted message at 1024 bytes. */
    public static final int MAX_BYTES = 1024;

    private LogText() {
    }

    /**
     * Cuts the text at {@link #MAX_BYTES} bytes of UTF-8 (never inside a character), strips trailing newlines
     * and replaces non-printable ASCII (controls and DEL) with '.'. Characters above ASCII are kept, as stunnel
     * keeps bytes with the high bit set.
     */
    public static String clean(String text) {
        String t = cut(text == null ? "null" : text);
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '\n') {
            end--;
        }
        return replaceNonPrintable(t, end);
    }

    private static String cut(String text) {
        // A char is at most 3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 chars): most lines need no counting.
        if (text.length() * 3 <= MAX_BYTES) {
            return text;
        }
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
            if (bytes + size > MAX_BYTES) {
                return text.substring(0, Character.isLowSurrogate(c) ? i - 1 : i);
            }
            bytes += size;
        }
        return text;
    }

    private static String replaceNonPrintable(String t, int end) {
        int i = 0;
        while (i < end && printable(t.charAt(i))) {
            i++;
        }
        if (i == end) {
            return end == t.length() ? t : t.substring(0, end);
        }
        char[] chars = t.substring(0, end).toCharArray();
        for (; i < end; i++) {
            if (!printable(chars[i])) {
                chars[i] = '.';
            }
        }
        return new String(chars);
    }

    private static boolean printable(char c) {
        return c >= 0x20 && c != 0x7f;
    }
}
