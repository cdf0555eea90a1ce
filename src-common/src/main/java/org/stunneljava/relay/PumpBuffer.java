package org.stunneljava.relay;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read buffer of one pump, sized by what the traffic needs: a small buffer while the connection is idle or
 * interactive (most connections, most of the time, are parked in a read), and a 64 KB buffer borrowed from a
 * shared pool while a burst lasts (a read that filled the small buffer starts a burst; a read that does not fill
 * the large one ends it). Keeps idle connections small without slowing bulk transfers. One per pump thread.
 */
final class PumpBuffer {
    static final int SMALL = 1024;
    /**
     * Four TLS records' worth of plaintext: towards TLS the protocol sends them in one socket write
     * (HalfClose.write); towards the plaintext side the relay gathers the records that arrived whole. Either way
     * bulk costs a read and a write syscall per 64 KB rather than per 16 KB record.
     */
    static final int LARGE = 64 * 1024;
    private static final Pool POOL = new Pool(LARGE);

    private final Pool pool = POOL;
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
            large = pool.borrow();
        } else if (used == large && n < large.length) {
            release();
        }
    }

    /**
     * Moves the {@code n} bytes of a filled small buffer into a large one (borrowed) and returns it: the caller
     * finishes reading a TLS record (and the whole ones after it) there, so that they leave in one write.
     */
    byte[] grow(byte[] used, int n) {
        if (used != small) {
            return used;
        }
        large = pool.borrow();
        System.arraycopy(small, 0, large, 0, n);
        return large;
    }

    /** Returns a borrowed large buffer to the pool; called when the pump ends, too. */
    void release() {
        if (large != null) {
            pool.offer(large);
            large = null;
        }
    }

    /** The large buffers, shared by all pumps. */
    private static final class Pool {
        /** 8 MB kept at most, as when the pool held 512 buffers of 16 KB. */
        private static final int LIMIT = 128;
        private final int size;
        private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
        private final AtomicInteger count = new AtomicInteger();

        Pool(int size) {
            this.size = size;
        }

        byte[] borrow() {
            byte[] b = free.poll();
            if (b == null) {
                return new byte[size];
            }
            count.decrementAndGet();
            return b;
        }

        void offer(byte[] b) {
            if (count.incrementAndGet() <= LIMIT) {
                free.offer(b);
            } else {
                count.decrementAndGet();
            }
        }
    }
}
