package org.stunneljava.testkit;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Finds the log lines of one connection in a process that serves many (ours or stunnel: both write
 * {@code LOG5[id]: Service [name] accepted connection from ...} and then tag every line of that connection with the
 * same id), so a scenario table can share one process per side.
 */
public final class ConnectionLines {
    private ConnectionLines() {
    }

    /** The id of the first connection the service accepted. */
    public static String idOf(ManagedProcess p, String service, Duration timeout) throws InterruptedException {
        return p.await("LOG\\d\\[([^]]+)\\]: Service \\[" + Pattern.quote(service) + "\\] accepted connection from",
                timeout).group(1);
    }

    /** Waits for a line of connection {@code id} that contains {@code text}; returns the line. */
    public static String await(ManagedProcess p, String id, String text, Duration timeout)
            throws InterruptedException {
        return p.await("LOG\\d\\[" + Pattern.quote(id) + "\\]: .*" + Pattern.quote(text), timeout).group();
    }
}
