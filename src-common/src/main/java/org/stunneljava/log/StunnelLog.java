package org.stunneljava.log;

import java.io.IOException;

/**
 * The process-wide {@link LogSystem}, for the code that has no other way to reach it (main, the relay). Holds
 * the one instance for the life of the process; {@link #shutdown} closes it.
 */
public final class StunnelLog {
    private static final LogSystem SYSTEM = new LogSystem();

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

    public static void reconfigure(LogSettings settings) throws IOException {
        SYSTEM.reconfigure(settings);
    }

    public static void reopenOutput() {
        SYSTEM.reopenOutput();
    }

    /** Drains and closes the log targets; the last call before the process exits. */
    public static void shutdown() {
        SYSTEM.close();
    }
}
