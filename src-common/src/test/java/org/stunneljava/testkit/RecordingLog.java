package org.stunneljava.testkit;

import java.util.ArrayList;
import java.util.List;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/** A connection log for in-process tests: keeps every line as {@code LOG<n>: text}. */
public final class RecordingLog implements Log {
    private final List<String> lines = new ArrayList<>();

    @Override
    public String id() {
        return "test";
    }

    @Override
    public boolean enabled(Severity severity) {
        return true;
    }

    @Override
    public synchronized void log(Severity severity, String text) {
        lines.add("LOG" + severity.level() + ": " + text);
    }

    @Override
    public void log(Severity severity, String text, Throwable error) {
        log(severity, text + ": " + error);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean contains(String fragment) {
        return lines().stream().anyMatch(l -> l.contains(fragment));
    }
}
