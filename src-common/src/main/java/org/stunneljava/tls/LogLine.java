package org.stunneljava.tls;

import org.stunneljava.log.Severity;

/** One line to log for a connection, at stunnel's level for it; the caller adds the connection id. */
public record LogLine(Severity severity, String text) {
    @Override
    public String toString() {
        return "LOG" + severity.level() + ": " + text;
    }
}
