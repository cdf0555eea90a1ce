package org.stunneljava.config;

import java.util.List;

/**
 * A validation failure before it gets stunnel's prefix. The validator turns it into {@link ConfigException} lines:
 * {@code details}, then {@code FILE:LINE: "line": reason} (when {@code at} is set, or for a per-line error) or
 * {@code Service [name]: reason}, then one {@code Failed to include a file} line per enclosing include.
 */
final class OptionError extends Exception {
    private final transient List<String> details;
    private final String reason;
    private final transient Origin at;

    OptionError(String reason) {
        this(List.of(), reason, null);
    }

    OptionError(List<String> details, String reason, Origin at) {
        super(reason, null, false, false);
        this.details = List.copyOf(details);
        this.reason = reason;
        this.at = at;
    }

    /** An error that names the line of the option it is about, even when found at the end of a section. */
    static OptionError atLine(Origin at, String reason) {
        return new OptionError(List.of(), reason, at);
    }

    /** {@code Option "NAME" is not supported yet}: the one phrase for real stunnel options we lack. */
    static String notSupportedYet(String option) {
        return "Option \"" + option + "\" is not supported yet";
    }

    List<String> details() {
        return details;
    }

    String reason() {
        return reason;
    }

    /** The line to name instead of the section, if any. */
    Origin at() {
        return at;
    }
}
