package org.stunneljava.config;

import java.nio.file.Path;

/**
 * Where an option was written: the file (the main file by its real path, an included file as
 * {@code DIR/NAME} with DIR as written in {@code include}), the 1-based line number, and the line as written
 * (untrimmed, without the line end): stunnel quotes it that way in its messages.
 */
public record Origin(Path file, int line, String text) {
    /** {@code file:line: "text"}: stunnel's prefix for per-line messages. */
    public String prefix() {
        return file + ":" + line + ": \"" + text + "\"";
    }
}
