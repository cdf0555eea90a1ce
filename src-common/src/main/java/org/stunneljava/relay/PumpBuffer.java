package org.stunneljava.relay;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read buffer of one pump, sized by what the traffic needs: a small buffer while the connection is idle or
 * interactive (most connections, most of the time, are parked in a read), and a full-record buffer borrowed from a
 * shared pool while a burst lasts (a read that filled the small buffer starts a burst; a read that does not fill
 * the large one ends it). Keeps idle connections small without slowing bulk transfers. One per pump thread.
 */
final class PumpBuffer {
    static final int SMALL = 1024;
    /** One TLS record's worth of plaintext: a full read becomes one record. */
    static final int LARGE = 16 * 1024;
    private static final int POOL_LIMIT = 512;
    private static final ConcurrentLinkedQueue<byte[]> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger POOLED = new AtomicInteger();

    private byte[] small;
    private byte[] large;

    /** The buffer the next read should fill. */
    byte[] next() {
        if (large != null) {
            return large;
        }
        if (small == null) {
            small = new byte[SMALL];
        }
        return small;
    }

    /** Adapts the size after a read of {@code n} bytes into {@code used}. */
    void filled(byte[] used, int n) {
        if (used == small && n == SMALL) {
            large = borrow();
        } else if (used == large && n < LARGE) {
            release();
        }
    }

    /**
     * Moves the {@code n} bytes of a filled small buffer into a large one (borrowed) and returns it: the caller
     * finishes reading a TLS record there, so that the record leaves in one write rather than two.
     */
    byte[] grow(byte[] used, int n) {
        if (used != small) {
            return used;
        }
        large = borrow();
        System.arraycopy(small, 0, large, 0, n);
        return large;
    }

    /** Returns a borrowed large buffer to the pool; called when the pump ends, too. */
    void release() {
        if (large != null) {
            if (POOLED.incrementAndGet() <= POOL_LIMIT) {
                POOL.offer(large);
            } else {
                POOLED.decrementAndGet();
            }
            large = null;
        }
    }

    private static byte[] borrow() {
        byte[] b = POOL.poll();
        if (b == null) {
            return new byte[LARGE];
        }
        POOLED.decrementAndGet();
        return b;
    }
}
