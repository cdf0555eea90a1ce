package org.stunneljava.log;

import java.util.ArrayList;
import java.util.List;

/** A {@link Log} for tests that keeps each line as {@code LOG<n>[id]: text}. Thread-safe. */
public final class RecordingLog implements Log {
    private final String id;
    private final Severity threshold;
    private final List<String> lines = new ArrayList<>();

    public RecordingLog() {
        this("ui", Severity.DEBUG);
    }

    public RecordingLog(String id, Severity threshold) {
        this.id = id;
        this.threshold = threshold;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean enabled(Severity severity) {
        return threshold.includes(severity);
    }

    @Override
    public void log(Severity severity, String text) {
        log(severity, text, null);
    }

    @Override
    public synchronized void log(Severity severity, String text, Throwable thrown) {
        if (enabled(severity)) {
            lines.add("LOG" + severity.level() + "[" + id + "]: " + LogText.clean(text));
        }
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
