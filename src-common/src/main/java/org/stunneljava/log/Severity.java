package org.stunneljava.log;

import java.util.Locale;
import java.util.Optional;

/**
 * stunnel's eight log levels (syslog's), numbered as in {@code LOG<n>}: a message is written when its level
 * number is at most the configured one.
 */
public enum Severity {
    EMERG, ALERT, CRIT, ERR, WARNING, NOTICE, INFO, DEBUG;

    /** The number stunnel prints after {@code LOG}. */
    public int level() {
        return ordinal();
    }

    public boolean includes(Severity message) {
        return message.ordinal() <= ordinal();
    }

    /** Parses a {@code debug} level: a digit 0-7 or a name, case-insensitive (stunnel accepts both). */
    public static Optional<Severity> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.length() == 1 && t.charAt(0) >= '0' && t.charAt(0) <= '7') {
            return Optional.of(values()[t.charAt(0) - '0']);
        }
        return switch (t) {
            case "emerg" -> Optional.of(EMERG);
            case "alert" -> Optional.of(ALERT);
            case "crit" -> Optional.of(CRIT);
            case "err", "error" -> Optional.of(ERR);
            case "warning", "warn" -> Optional.of(WARNING);
            case "notice" -> Optional.of(NOTICE);
            case "info" -> Optional.of(INFO);
            case "debug" -> Optional.of(DEBUG);
            default -> Optional.empty();
        };
    }
}
