package org.stunneljava.launch;

import java.time.Duration;
import java.util.Optional;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.process.ProcessSignal;
import org.stunneljava.process.Signals;
import org.stunneljava.relay.ActiveConnections;
import org.stunneljava.relay.CloseReason;

/**
 * The end of a graceful stop ({@code TIMEOUTdrain}): with the listeners already closed, waits until the open
 * connections have finished or the time is up, then closes what is left and gives those connections a moment to
 * write their close lines. SIGUSR2 still lists the connections meanwhile; a second SIGTERM/SIGINT ends the wait at
 * once; a reload is refused, as there is nothing left to serve. Runs on the main thread.
 */
final class Drain {
    /** How often the count is looked at while no signal comes. */
    private static final Duration TICK = Duration.ofMillis(50);
    /** How long closed connections get to log their last line before the process exits. */
    private static final Duration LAST_LINES = Duration.ofSeconds(1);

    private final ActiveConnections active;
    private final Signals signals;
    private final Log log;

    Drain(ActiveConnections active, Signals signals, Log log) {
        this.active = active;
        this.signals = signals;
        this.log = log;
    }

    void run(Duration limit) {
        if (limit.isZero() || active.count() == 0) {
            return; // stunnel's way: the exit cuts whatever is open
        }
        log.log(Severity.NOTICE, "Draining " + active.count() + " active connection(s) for up to "
                + limit.toSeconds() + " second(s)");
        long deadline = System.nanoTime() + limit.toNanos();
        boolean cut = false;
        while (active.count() > 0 && !cut && deadline - System.nanoTime() > 0) {
            cut = handle(next(Math.min(TICK.toNanos(), deadline - System.nanoTime())));
        }
        int left = active.count();
        if (left == 0) {
            log.log(Severity.NOTICE, "All connections finished");
            return;
        }
        log.log(Severity.NOTICE, (cut ? "Drain cut short" : "Drain time is up") + ": closing " + left
                + " connection(s)");
        active.closeAll(CloseReason.SHUTDOWN);
        long lastLines = System.nanoTime() + LAST_LINES.toNanos();
        while (active.count() > 0 && lastLines - System.nanoTime() > 0) {
            next(TICK.toNanos());
        }
    }

    /** @return whether the signal ends the drain now */
    private boolean handle(Optional<ProcessSignal> signal) {
        if (signal.isEmpty()) {
            return false;
        }
        switch (signal.get()) {
            case TERM, INT -> {
                return true;
            }
            case HUP -> log.log(Severity.NOTICE, "Reload ignored: the program is stopping");
            case USR1 -> org.stunneljava.log.StunnelLog.reopenOutput();
            case USR2 -> active.logList(log);
        }
        return false;
    }

    private Optional<ProcessSignal> next(long nanos) {
        try {
            return signals.poll(Duration.ofNanos(Math.max(1, nanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(ProcessSignal.TERM);
        }
    }
}
