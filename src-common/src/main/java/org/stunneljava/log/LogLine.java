package org.stunneljava.log;

/**
 * One log message, already cleaned, with the time it was logged: stunnel stamps a line when it is logged, not
 * when it is written, so buffered start-up lines keep their original time when they are replayed.
 *
 * @param epochMillis when it was logged
 * @param severity    its level (printed as {@code LOG<n>})
 * @param id          the connection id or {@code ui}/{@code main}
 * @param text        the cleaned message text (see {@link LogText#clean})
 * @param thrown      an unexpected error whose stack trace follows the line, or null
 */
public record LogLine(long epochMillis, Severity severity, String id, String text, Throwable thrown) {
}
