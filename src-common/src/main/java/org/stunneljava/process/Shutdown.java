package org.stunneljava.process;

import java.util.function.IntConsumer;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.log.StunnelLog;

/**
 * The end of the program after a terminating signal, in stunnel's order: log the signal, close what the program
 * opened (listeners, connections, pid file: the caller's action), flush the log, exit with 0 (a clean SIGTERM
 * is success for stunnel and for service managers). Stateless.
 */
public final class Shutdown {
    private Shutdown() {
    }

    /** Logs {@code signal}, runs {@code cleanup}, flushes the process log and exits 0. Does not return. */
    public static void afterSignal(ProcessSignal signal, Log log, Runnable cleanup) {
        afterSignal(signal, log, cleanup, code -> {
            StunnelLog.shutdown();
            System.exit(code);
        });
    }

    static void afterSignal(ProcessSignal signal, Log log, Runnable cleanup, IntConsumer exit) {
        signal.logTermination(log);
        try {
            cleanup.run();
        } catch (RuntimeException | Error e) {
            // Still exit: the process was asked to stop and the pid file or listeners are the caller's problem.
            log.log(Severity.ERR, "Shutdown failed: " + e, e);
        }
        exit.accept(0);
    }
}
