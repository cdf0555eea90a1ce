package org.stunneljava.launch;

import java.util.List;

/** Start-up cannot continue; the lines say why (printed before {@code Configuration failed}), exit code 1. */
public final class StartupException extends Exception {
    private final List<String> lines;

    public StartupException(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
    }

    public StartupException(String line) {
        this(List.of(line));
    }

    public List<String> lines() {
        return lines;
    }
}
