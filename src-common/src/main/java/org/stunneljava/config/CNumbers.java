package org.stunneljava.config;

/**
 * C's {@code strtol(text, &end, 10)} as stunnel's option parsers use it, where Java's parsers differ: leading
 * white space ({@code isspace}) is skipped, a sign is optional, the value saturates at the {@code long} range
 * instead of failing, and the callers' casts ({@code (int)}, {@code (u_short)}) keep the low bits.
 */
final class CNumbers {
    private CNumbers() {
    }

    /**
     * @return the value when {@code strtol} consumes all of {@code text} (white space, an optional sign, at least one
     *         digit, nothing after), else null
     */
    static Long wholeLong(String text) {
        int i = 0;
        while (i < text.length() && isSpace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long value = 0;
        boolean saturated = false;
        for (; i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
            int d = text.charAt(i) - '0';
            // accumulate negatively so that Long.MIN_VALUE fits, as glibc does
            if (!saturated && value < (Long.MIN_VALUE + d) / 10) {
                saturated = true;
            }
            if (!saturated) {
                value = value * 10 - d;
            }
        }
        if (i == digits || i != text.length()) {
            return null;
        }
        if (saturated) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? value : (value == Long.MIN_VALUE ? Long.MAX_VALUE : -value);
    }

    /**
     * stunnel's {@code (int)strtol(...)} with its check {@code tmp_str==arg || *tmp_str}, where {@code arg} is not
     * the value's start (a bug in socket_option_parse): an empty value passes as 0, any other must be all number.
     *
     * @return the low 32 bits of the value, or null when the text is not a number
     */
    static Integer socketInt(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        Long value = wholeLong(text);
        return value == null ? null : (int) value.longValue();
    }

    /** C's {@code isspace} in the C locale. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
