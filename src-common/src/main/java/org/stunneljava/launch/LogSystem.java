package org.stunneljava.launch;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.stunneljava.config.GlobalConfig;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * The program's logging as the launcher sees it: lines buffered before the configuration is known (dumped to
 * stderr in stunnel's {@code [c] text} form when start-up fails), then the configured targets, the program log and
 * per-connection logs with sequential ids.
 */
final class LogSystem {
    private final List<String[]> buffered = new ArrayList<>();
    private volatile LogTargets targets;

    void startup(Severity severity, String text) {
        synchronized (buffered) {
            buffered.add(new String[]{String.valueOf(severity.ordinal()), text});
        }
    }

    void configure(GlobalConfig global) {
        targets = LogTargets.open(global);
        synchronized (buffered) {
            for (String[] line : buffered) {
                targets.write(Severity.values()[Integer.parseInt(line[0])], "ui", line[1]);
            }
            buffered.clear();
        }
    }

    /** stunnel's stderr dump on a failed start: every buffered line, the errors, then Configuration failed. */
    void dumpStartupFailure(PrintStream stderr, List<String> errors) {
        synchronized (buffered) {
            for (String[] line : buffered) {
                stderr.println("[" + marker(Severity.values()[Integer.parseInt(line[0])]) + "] " + line[1]);
            }
        }
        errors.forEach(e -> stderr.println("[!] " + e));
        stderr.println("[!] Configuration failed");
        stderr.flush();
    }

    static char marker(Severity s) {
        return switch (s) {
            case EMERG, ALERT, CRIT -> '*';
            case ERR -> '!';
            case WARNING -> ':';
            case NOTICE -> '.';
            case INFO, DEBUG -> ' ';
        };
    }

    Log global() {
        LogTargets t = targets;
        return t == null ? new BufferedLog() : t.log("ui", t.level());
    }

    ServiceContext context() {
        return new ServiceContext() {
            @Override
            public Supplier<Log> connectionLogs(ServiceConfig service) {
                return () -> targets.log(ConnectionIds.next(), service.debug());
            }

            @Override
            public Log log() {
                return global();
            }
        };
    }

    void flush() {
        LogTargets t = targets;
        if (t != null) {
            t.flush();
        }
    }

    /** Before configuration: lines go to the start-up buffer. */
    private final class BufferedLog implements Log {
        @Override
        public boolean enabled(Severity severity) {
            return true;
        }

        @Override
        public void log(Severity severity, String text) {
            startup(severity, text);
        }

        @Override
        public void log(Severity severity, String text, Throwable error) {
            startup(severity, text + ": " + error);
        }
    }
}
