package org.stunneljava.log;

import java.util.function.Consumer;
import org.apache.logging.log4j.core.ErrorHandler;
import org.apache.logging.log4j.core.LogEvent;

/**
 * Replaces log4j's error handler on the async appenders: when a queue is full, lines are dropped (logging never
 * blocks a connection) and this writes one note through {@link LogSettings#note} at most every
 * {@link #EVERY_NANOS}, instead of log4j's own status lines. Thread-safe.
 */
final class DropNotes implements ErrorHandler {
    static final long EVERY_NANOS = 300L * 1_000_000_000L;

    private final String queue;
    private final Consumer<String> note;
    private long lastNote; // guarded by this
    private boolean noted; // guarded by this

    DropNotes(String queue, Consumer<String> note) {
        this.queue = queue;
        this.note = note;
    }

    @Override
    public void error(String msg) {
        error(msg, null, null);
    }

    @Override
    public void error(String msg, Throwable t) {
        error(msg, null, t);
    }

    @Override
    public void error(String msg, LogEvent event, Throwable t) {
        long now = System.nanoTime();
        synchronized (this) {
            if (noted && now - lastNote < EVERY_NANOS) {
                return;
            }
            noted = true;
            lastNote = now;
        }
        note.accept("log queue '" + queue + "': " + msg + (t == null ? "" : " (" + t + ")")
            + "; lines are dropped while this lasts");
    }
}
