package org.stunneljava.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.stunneljava.log.Facility;
import org.stunneljava.log.Severity;

/**
 * {@code debug = [facility.]level}: the log level of one section (or of the global section, whose level every
 * service inherits). Only the global section may name a syslog facility; in a service section
 * {@code local0.info} is an {@code Illegal debug level}, as in stunnel.
 */
final class LogOptions {
    private static final List<String> LEVEL_NAMES =
            List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

    private final boolean global;
    private Severity level = Severity.NOTICE; // stunnel's default: daemon.notice
    private Facility facility = Facility.DAEMON;

    private LogOptions(boolean global) {
        this.global = global;
    }

    static LogOptions forGlobalSection() {
        return new LogOptions(true);
    }

    /** A service section starts with the global section's level; it cannot change the facility. */
    LogOptions copyForService() {
        LogOptions copy = new LogOptions(false);
        copy.level = level;
        copy.facility = facility;
        return copy;
    }

    boolean apply(String option, String value) throws OptionError {
        if (!option.equals("debug")) {
            return false;
        }
        String levelText = value;
        if (global && value.indexOf('.') >= 0) {
            // stunnel splits with strtok(".."): empty pieces vanish and anything after the level is ignored
            List<String> parts = Arrays.stream(value.split("\\.")).filter(p -> !p.isEmpty()).toList();
            facility = parts.isEmpty() ? null : facility(parts.get(0));
            if (facility == null) {
                throw new OptionError("Illegal syslog facility");
            }
            levelText = parts.size() > 1 ? parts.get(1) : null;
        }
        level = level(levelText);
        return true;
    }

    Severity level() {
        return level;
    }

    Facility facility() {
        return facility;
    }

    private static Facility facility(String name) {
        for (Facility f : Facility.values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }

    /** A digit 0-7 or one of syslog's eight names (no aliases such as "warn" or "error": stunnel has none). */
    private static Severity level(String text) throws OptionError {
        if (text != null && text.length() == 1 && text.charAt(0) >= '0' && text.charAt(0) <= '7') {
            return Severity.values()[text.charAt(0) - '0'];
        }
        int index = text == null ? -1 : LEVEL_NAMES.indexOf(text.toLowerCase(Locale.ROOT));
        if (index < 0) {
            throw new OptionError("Illegal debug level");
        }
        return Severity.values()[index];
    }
}
