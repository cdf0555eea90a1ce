package org.stunneljava.log;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The lines logged before the configuration is known, kept as stunnel keeps them (all levels, with their time).
 * Start-up then ends one of two ways: {@link #replayAndClose} hands them to the configured log (which applies the
 * configured level), or a failure prints every one of them to stderr as {@code [c] text}
 * ({@link #failConfiguration}, {@link #fail}), after which later lines are printed the same way at once, as
 * stunnel does while it cleans up. Thread-safe. Owns no stream: the caller's stderr stays open.
 */
public final class StartupLog {
    private enum State { BUFFERING, FAILED, CLOSED }

    private final Clock clock;
    private final List<LogLine> lines = new ArrayList<>();
    private State state = State.BUFFERING;
    private PrintStream failedTo;

    public StartupLog() {
        this(Clock.systemDefaultZone());
    }

    StartupLog(Clock clock) {
        this.clock = clock;
    }

    /** Adds a line from the main thread ({@code ui}). */
    public void add(Severity severity, String text) {
        offer(new LogLine(clock.millis(), severity, "ui", LogText.clean(text), null));
    }

    /** Keeps (or, after a failure, prints) the line; false once replayed, when the caller must log it itself. */
    synchronized boolean offer(LogLine line) {
        switch (state) {
            case BUFFERING -> lines.add(line);
            case FAILED -> failedTo.println(LineFormat.startupLine(line));
            case CLOSED -> {
                return false;
            }
        }
        return true;
    }

    /**
     * stunnel's bad-configuration exit: logs each error line and {@code Configuration failed} at LOG3, then
     * prints everything logged so far to {@code err} as {@code [c] text}. The caller then exits with 1.
     */
    public void failConfiguration(List<String> errorLines, PrintStream err) {
        for (String line : errorLines) {
            add(Severity.ERR, line);
        }
        add(Severity.ERR, "Configuration failed");
        fail(err);
    }

    /** Prints every line kept so far to {@code err} as {@code [c] text}, and later lines as they come. */
    public synchronized void fail(PrintStream err) {
        if (state != State.BUFFERING) {
            return;
        }
        for (LogLine line : lines) {
            err.println(LineFormat.startupLine(line));
        }
        err.flush();
        lines.clear();
        state = State.FAILED;
        failedTo = err;
    }

    /** The kept lines as stunnel prints them on failure, for tests and {@code -help}-like callers. */
    public synchronized List<String> dumpLines() {
        return lines.stream().map(LineFormat::startupLine).toList();
    }

    /**
     * Hands every kept line to {@code target} in order and stops keeping: later {@link #offer}s return false.
     * Lines offered meanwhile by other threads wait, so they follow the replayed ones.
     */
    synchronized void replayAndClose(Consumer<LogLine> target) {
        if (state != State.BUFFERING) {
            return;
        }
        List<LogLine> kept = new ArrayList<>(lines);
        lines.clear();
        state = State.CLOSED;
        kept.forEach(target);
    }

    synchronized boolean buffering() {
        return state == State.BUFFERING;
    }
}
