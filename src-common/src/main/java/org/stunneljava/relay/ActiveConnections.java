package org.stunneljava.relay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * The connections open right now, in the order they were accepted: what SIGUSR2 lists and what a drain waits for.
 * Thread-safe; one per process.
 */
public final class ActiveConnections implements ConnectionEvents {
    private final Map<Connection, Long> open = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    @Override
    public void opened(Connection connection) {
        open.put(connection, sequence.incrementAndGet());
    }

    @Override
    public void closed(Connection connection) {
        open.remove(connection);
    }

    public int count() {
        return open.size();
    }

    /** The open connections, oldest first. */
    public List<Connection> list() {
        List<Map.Entry<Connection, Long>> entries = new ArrayList<>(open.entrySet());
        entries.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        return entries.stream().map(Map.Entry::getKey).toList();
    }

    /**
     * SIGUSR2: stunnel's list of the open connections (stunnel.c process_connections), newest first as its thread
     * list, at LOG0 so that any {@code debug} level shows it.
     */
    public void logList(Log log) {
        log.log(Severity.EMERG, "Active connections:");
        int n = 0;
        for (Connection c : list().reversed()) {
            log.log(Severity.EMERG, "Active connection " + ++n + ": Service [" + c.service() + "], "
                    + c.bytesToTls() + " byte(s) sent to TLS, " + c.bytesToSocket() + " byte(s) sent to socket");
        }
        log.log(Severity.EMERG, "Listed " + n + " active connection(s)");
    }

    /** Closes every open connection with {@code reason} (the end of a drain). */
    public void closeAll(CloseReason reason) {
        open.keySet().forEach(c -> c.close(reason));
    }
}
