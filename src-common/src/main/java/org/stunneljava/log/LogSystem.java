package org.stunneljava.log;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * One process's logging, with stunnel's life cycle: lines are kept in a {@link StartupLog} until the first
 * {@link #reconfigure}, which opens the configured targets (stderr, {@code output} file, syslog) in a private
 * log4j context and replays the kept lines through them; later calls swap the targets (SIGHUP). Owns the log4j
 * context and the output file; {@link #close} drains the queues and closes both. Thread-safe. Production code
 * uses the process-wide instance through {@link StunnelLog}; tests make their own.
 */
public final class LogSystem implements AutoCloseable {
    private final StartupLog startup = new StartupLog();
    private final Log global = new GlobalLog();
    private volatile Severity globalLevel = Severity.DEBUG; // keep every start-up line, as stunnel does
    private volatile String globalId = "ui";
    private volatile Clock clock = Clock.systemDefaultZone();
    private volatile Logger logger;
    private LoggerContext context; // guarded by this
    private OutputFile output; // guarded by this

    /** The main thread's log: id {@code ui} (stunnel's, in the foreground), threshold the global level. */
    public Log global() {
        return global;
    }

    /** A connection's log: the connection id and its service's {@code debug} level. Cheap: make one per connection. */
    public Log forConnection(String id, Severity serviceLevel) {
        return new ThresholdLog(this, id, serviceLevel);
    }

    public StartupLog startup() {
        return startup;
    }

    /** After a daemonizing launch the main thread's id becomes {@code main}, as stunnel's after its fork. */
    public void daemonized() {
        globalId = "main";
    }

    /**
     * Opens the targets {@code settings} names and starts writing to them; the first call replays the start-up
     * lines that pass {@code settings.level()}. Nothing changes if the output file cannot be opened.
     *
     * @throws IOException {@code Cannot open log file: PATH (reason)}; the caller logs it, as stunnel does
     */
    public synchronized void reconfigure(LogSettings settings) throws IOException {
        OutputFile file = settings.output().isPresent() ? OutputFile.open(settings.output().get()) : null;
        if (context == null) {
            context = new LoggerContext("stunnel-java");
            context.start(new StunnelConfiguration(context, settings, file));
            logger = context.getLogger("stunnel");
        } else {
            // Stops the previous configuration: its queues drain into the previous targets, which it closes.
            context.setConfiguration(new StunnelConfiguration(context, settings, file));
        }
        output = file;
        clock = settings.clock();
        globalLevel = settings.level();
        Severity level = settings.level();
        startup.replayAndClose(line -> {
            if (level.includes(line.severity())) {
                emit(line);
            }
        });
    }

    /** A reload that keeps the targets: only the main thread's threshold changes. */
    public void level(Severity level) {
        globalLevel = level;
    }

    /**
     * SIGUSR1: opens the {@code output} file again by name (after log rotation) and logs {@code Log file
     * reopened}, as stunnel does. If it cannot be opened, says so and keeps writing to the old file.
     */
    public void reopenOutput() {
        try {
            synchronized (this) {
                if (output != null) {
                    output.reopen();
                }
            }
        } catch (IOException e) {
            global.log(Severity.ERR, e.getMessage());
        }
        global.log(Severity.NOTICE, "Log file reopened");
    }

    /** Writes what is queued and closes the targets; later lines are dropped. Call last, before exiting. */
    @Override
    public synchronized void close() {
        if (context != null) {
            logger = null;
            context.stop(StunnelConfiguration.DRAIN_MILLIS * 2, TimeUnit.MILLISECONDS);
            context = null;
            output = null;
        }
    }

    void write(Severity severity, String id, String text, Throwable thrown) {
        LogLine line = new LogLine(clock.millis(), severity, id, LogText.clean(text), thrown);
        if (!startup.offer(line)) {
            emit(line);
        }
    }

    private void emit(LogLine line) {
        Logger l = logger;
        if (l != null) {
            l.log(Levels.of(line.severity()), new StunnelMessage(line), line.thrown());
        }
    }

    /** The main thread's log; its id and level follow the system's. */
    private final class GlobalLog implements Log {
        @Override
        public String id() {
            return globalId;
        }

        @Override
        public boolean enabled(Severity severity) {
            return globalLevel.includes(severity);
        }


        @Override
        public void log(Severity severity, String text, Throwable thrown) {
            if (enabled(severity)) {
                write(severity, globalId, text, thrown);
            }
        }
    }
}
