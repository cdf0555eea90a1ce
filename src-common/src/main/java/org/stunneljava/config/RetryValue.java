package org.stunneljava.config;

import java.util.Locale;

/**
 * The value of {@code retry} as stunnel 5.70-5.75 reads it: {@code yes} (1000 ms), {@code no} (off), or a delay
 * in milliseconds, a {@code strtol} number of 0 or more. stunnel 5.68 takes only yes/no ({@code retry = 500}
 * fails there with {@code The argument needs to be either 'yes' or 'no'}); we follow 5.75, as for the other
 * options newer versions changed.
 */
final class RetryValue {
    static final String ILLEGAL = "Illegal retry delay";

    private RetryValue() {
    }

    /** @return the delay in milliseconds, or -1 when retrying is off */
    static long check(String value) throws OptionError {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "yes" -> {
                return 1000;
            }
            case "no" -> {
                return -1;
            }
            default -> {
                Long ms = CNumbers.wholeLong(value);
                if (ms == null || ms < 0) {
                    throw new OptionError(ILLEGAL);
                }
                return ms;
            }
        }
    }
}
