package org.stunneljava.testkit;

import java.util.ArrayList;
import java.util.List;
import org.stunneljava.log.Log;
import org.stunneljava.log.LogText;
import org.stunneljava.log.Severity;

/** A {@link Log} for in-process tests that keeps each line as {@code LOG<n>[id]: text}. Thread-safe. */
public final class RecordingLog implements Log {
    private final String id;
    private final Severity threshold;
    private final List<String> lines = new ArrayList<>();

    public RecordingLog() {
        this("test", Severity.DEBUG);
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
    public synchronized void log(Severity severity, String text, Throwable thrown) {
        if (enabled(severity)) {
            lines.add("LOG" + severity.level() + "[" + id + "]: " + LogText.clean(text));
        }
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean contains(String fragment) {
        return lines().stream().anyMatch(l -> l.contains(fragment));
    }
}
