package org.stunneljava.log;

import java.io.IOException;

/**
 * The process-wide {@link LogSystem}, for the code that has no other way to reach it (main, the relay). Holds
 * the one instance for the life of the process; {@link #shutdown} closes it.
 */
public final class StunnelLog {
    private static final LogSystem SYSTEM = new LogSystem();
    private static boolean hooked; // guarded by StunnelLog.class

    private StunnelLog() {
    }

    public static LogSystem system() {
        return SYSTEM;
    }

    /** The main thread's log ({@code [ui]}). */
    public static Log global() {
        return SYSTEM.global();
    }

    /** A connection's log, with its id (see {@link ConnectionIds}) and its service's {@code debug} level. */
    public static Log forConnection(String id, Severity serviceLevel) {
        return SYSTEM.forConnection(id, serviceLevel);
    }

    public static StartupLog startup() {
        return SYSTEM.startup();
    }

    /**
     * Opens the configured log targets (see {@link LogSystem#reconfigure}). The first call also makes sure that
     * an exit that bypasses {@link #shutdown} (a {@code System.exit} elsewhere) still writes the queued lines.
     */
    public static void reconfigure(LogSettings settings) throws IOException {
        SYSTEM.reconfigure(settings);
        synchronized (StunnelLog.class) {
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(SYSTEM::close, "log-flush"));
            }
        }
    }

    /** The main thread's threshold, for a reload that keeps the log targets. */
    public static void level(Severity level) {
        SYSTEM.level(level);
    }

    public static void reopenOutput() {
        SYSTEM.reopenOutput();
    }

    /** Drains and closes the log targets; the last call before the process exits. */
    public static void shutdown() {
        SYSTEM.close();
    }
}
