package org.stunneljava.relay;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the time limits of every connection from one shared timer thread, so a blocked read needs no socket
 * timeout (a timeout inside Bouncy Castle's record reader would lose a partial record). Each connection has at most
 * one pending check; it re-arms itself from the connection's last activity.
 */
public final class Watchdog {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "watchdog");
        t.setDaemon(true);
        return t;
    });

    private Watchdog() {
    }

    /** (Re)arms the connection's check for its current phase; replaces any pending one. */
    static ScheduledFuture<?> arm(Connection connection, long delayNanos) {
        return TIMER.schedule(() -> check(connection), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    private static void check(Connection connection) {
        long limit = connection.phaseLimitNanos();
        if (limit < 0 || connection.isClosing()) {
            return;
        }
        long quiet = System.nanoTime() - connection.lastActivity();
        if (quiet >= limit) {
            connection.timedOut();
        } else {
            connection.rearm(limit - quiet);
        }
    }
}
