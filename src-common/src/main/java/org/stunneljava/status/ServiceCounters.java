package org.stunneljava.status;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.stunneljava.relay.CloseReason;
import org.stunneljava.relay.HandshakeFailure;

/**
 * One service's counters. Written by its connections' threads (adders: no contention between them), read by
 * scrapes. The byte totals shown are kept monotonic ({@link #sample}), as Prometheus counters must be.
 */
final class ServiceCounters {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder handshakes = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder[] failures = adders(HandshakeFailure.Reason.values().length);
    private final LongAdder[] closes = adders(CloseReason.values().length);
    private final LongAdder closedToTls = new LongAdder();
    private final LongAdder closedToSocket = new LongAdder();
    private final AtomicLong shownToTls = new AtomicLong();
    private final AtomicLong shownToSocket = new AtomicLong();

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    LongAdder accepted() {
        return accepted;
    }

    LongAdder handshakes() {
        return handshakes;
    }

    LongAdder resumed() {
        return resumed;
    }

    LongAdder connectFailures() {
        return connectFailures;
    }

    void failed(HandshakeFailure.Reason reason) {
        failures[reason.ordinal()].increment();
    }

    void closed(CloseReason reason, long toTls, long toSocket) {
        closes[reason.ordinal()].increment();
        closedToTls.add(toTls);
        closedToSocket.add(toSocket);
    }

    /**
     * The values now, with the bytes of this service's open connections added to those of its closed ones. A
     * connection that is closing is briefly in neither (see {@link Metrics#closed}); the total shown then is the
     * previous one, never less, so the counter never goes back.
     */
    ServiceSample sample(String name, long open, long openToTls, long openToSocket) {
        Map<HandshakeFailure.Reason, Long> failed = new EnumMap<>(HandshakeFailure.Reason.class);
        for (HandshakeFailure.Reason r : HandshakeFailure.Reason.values()) {
            failed.put(r, failures[r.ordinal()].sum());
        }
        Map<CloseReason, Long> closed = new EnumMap<>(CloseReason.class);
        for (CloseReason r : CloseReason.values()) {
            closed.put(r, closes[r.ordinal()].sum());
        }
        long toTls = shownToTls.accumulateAndGet(closedToTls.sum() + openToTls, Math::max);
        long toSocket = shownToSocket.accumulateAndGet(closedToSocket.sum() + openToSocket, Math::max);
        return new ServiceSample(name, accepted.sum(), open, handshakes.sum(), resumed.sum(), failed, closed,
                toTls, toSocket, connectFailures.sum());
    }
}
