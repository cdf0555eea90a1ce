package org.stunneljava.config;

import java.nio.file.Path;

/** Where an option was written: the file, the 1-based line number and the raw (trimmed) line. */
public record Origin(Path file, int line, String text) {
    /** {@code file:line: "text"}: stunnel's prefix for per-line messages. */
    public String prefix() {
        return file + ":" + line + ": \"" + text + "\"";
    }
}
