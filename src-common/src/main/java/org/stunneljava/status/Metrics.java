package org.stunneljava.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.stunneljava.relay.Connection;
import org.stunneljava.relay.ConnectionEvents;
import org.stunneljava.relay.HandshakeFailure;
import org.stunneljava.tls.HandshakeRecord;

/**
 * The counters behind {@code GET /metrics}, fed by every connection's {@link ConnectionEvents}. One per process,
 * for its whole life (reloads included), whether or not the endpoint is on. On the connection path it costs a set
 * insertion and removal and a few {@link java.util.concurrent.atomic.LongAdder} increments per connection, no lock
 * and nothing per byte: the bytes of open connections are read from the connections themselves when a scrape asks,
 * so a scrape in the middle of a transfer is current. Labels are bounded: a service is one the configuration named
 * ({@link #retain} forgets the ones a reload removed).
 */
public final class Metrics implements ConnectionEvents {
    private final Map<String, ServiceCounters> services = new ConcurrentHashMap<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Instant started = ProcessHandle.current().info().startInstant().orElseGet(Instant::now);

    @Override
    public void opened(Connection connection) {
        open.add(connection);
        counters(connection.service()).accepted().increment();
    }

    @Override
    public void closed(Connection connection) {
        // Out of the open set first, then into the totals: a scrape in between sees the bytes in neither, and
        // ServiceCounters shows its previous total again rather than one that would go back down.
        open.remove(connection);
        counters(connection.service()).closed(connection.reason(), connection.bytesToTls(),
                connection.bytesToSocket());
    }

    @Override
    public void handshakeCompleted(Connection connection, HandshakeRecord record) {
        ServiceCounters c = counters(connection.service());
        c.handshakes().increment();
        if (record.resumed()) {
            c.resumed().increment();
        }
    }

    @Override
    public void handshakeFailed(Connection connection, HandshakeFailure.Reason reason) {
        counters(connection.service()).failed(reason);
    }

    @Override
    public void connectFailed(Connection connection) {
        counters(connection.service()).connectFailures().increment();
    }

    /** When the process started: {@code process_start_time_seconds}. */
    public Instant started() {
        return started;
    }

    private ServiceCounters counters(String service) {
        ServiceCounters c = services.get(service);
        return c != null ? c : services.computeIfAbsent(service, s -> new ServiceCounters());
    }

    /**
     * The values now, one sample per service: every service of {@code current} (with zeros, so a dashboard has
     * its series before the first connection), then any other that still has open connections (one a reload
     * removed). Reads only.
     */
    public List<ServiceSample> sample(Collection<String> current) {
        Map<String, long[]> live = live();
        Set<String> names = new LinkedHashSet<>(current);
        names.addAll(live.keySet());
        List<ServiceSample> samples = new ArrayList<>(names.size());
        for (String name : names) {
            long[] v = live.getOrDefault(name, new long[3]);
            samples.add(counters(name).sample(name, v[0], v[1], v[2]));
        }
        return samples;
    }

    /**
     * Forgets the counters of every service that is not in {@code current} and has no open connection: for the
     * reloading runtime, after a reload removed services, so that renaming services across reloads does not grow
     * this. A service that comes back starts again from zero (Prometheus reads that as a counter reset).
     */
    public void retain(Collection<String> current) {
        Set<String> keep = new HashSet<>(current);
        keep.addAll(live().keySet());
        services.keySet().removeIf(s -> !keep.contains(s));
    }

    /** Per service with open connections: {open, bytes to TLS, bytes to socket} of those connections. */
    private Map<String, long[]> live() {
        Map<String, long[]> live = new HashMap<>();
        for (Connection c : open) {
            long[] v = live.computeIfAbsent(c.service(), s -> new long[3]);
            v[0]++;
            v[1] += c.bytesToTls();
            v[2] += c.bytesToSocket();
        }
        return live;
    }
}
