package org.stunneljava.config;

import java.util.Locale;
import java.util.Optional;

/** {@code transparent}: stunnel's four modes and its two legacy spellings ({@code yes} = source, {@code no} = none). */
public enum TransparentMode {
    NONE, SOURCE, DESTINATION, BOTH;

    static Optional<TransparentMode> parse(String value) {
        return Optional.ofNullable(switch (value.toLowerCase(Locale.ROOT)) {
            case "none", "no" -> NONE;
            case "source", "yes" -> SOURCE;
            case "destination" -> DESTINATION;
            case "both" -> BOTH;
            default -> null;
        });
    }

    public boolean destination() {
        return this == DESTINATION || this == BOTH;
    }
}
