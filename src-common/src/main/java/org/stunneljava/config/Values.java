package org.stunneljava.config;

import java.util.Locale;

/** stunnel's value conventions shared by several option families: yes/no switches and {@code strtol} numbers. */
final class Values {
    static final String YES_OR_NO = "The argument needs to be either 'yes' or 'no'";

    private Values() {
    }

    /** {@code yes} or {@code no}, case-insensitive; anything else is stunnel's yes/no error. */
    static boolean yesNo(String value) throws OptionError {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new OptionError(YES_OR_NO);
        };
    }

    /**
     * A whole decimal number as stunnel reads it with {@code strtol(arg, &end, 10)} and a check that the whole value
     * was used: an optional sign, then digits. Returns null when the text is not such a number or does not fit an
     * int (stunnel would silently truncate it).
     */
    static Integer integer(String value) {
        int start = !value.isEmpty() && (value.charAt(0) == '+' || value.charAt(0) == '-') ? 1 : 0;
        if (start == value.length()) {
            return null;
        }
        for (int i = start; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
