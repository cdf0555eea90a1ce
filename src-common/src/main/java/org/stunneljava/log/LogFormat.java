package org.stunneljava.log;

import java.util.Locale;
import java.util.Optional;

/**
 * How lines are written to stderr and the {@code output} file ({@code logFormat}, our extension): stunnel's text
 * lines, or one JSON object per line for log pipelines ({@link JsonLayout}). Syslog always gets stunnel's text.
 */
public enum LogFormat {
    /** {@code YYYY.MM.DD HH:MM:SS LOG<n>[id]: text}, stunnel's. */
    STUNNEL,
    /** {@code {"time":...,"level":...,"severity":n,"id":...,"message":...}}, one object per line. */
    JSON;

    /** {@code stunnel} or {@code json}, case-insensitive, as stunnel reads its keywords. */
    public static Optional<LogFormat> parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "stunnel" -> Optional.of(STUNNEL);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }
}
