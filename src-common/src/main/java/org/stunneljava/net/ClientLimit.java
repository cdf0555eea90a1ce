package org.stunneljava.net;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cap on connections open at once: the process's (stunnel's {@code max_clients}, or our global {@code maxClients})
 * or one service's (our per-service {@code maxClients}). A connection is counted when it is accepted, not when its
 * thread starts as in stunnel, so a burst cannot overshoot; it is uncounted when its handler returns. Thread-safe:
 * the acceptors of every service share the process's limit.
 */
public final class ClientLimit {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    private ClientLimit(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("negative limit: " + max);
        }
        this.max = max;
    }

    /** @param max the most connections open at once; 0 for no limit */
    public static ClientLimit of(int max) {
        return new ClientLimit(max);
    }

    /**
     * stunnel's {@code max_clients} for a process that may open {@code fds} descriptors (fd.c get_limits): at
     * least 16 descriptors are assumed; from 256 up, 125/256 of them (each connection needs two, and some are
     * kept for the rest), below that half of what is left after 6.
     *
     * @param fds the open-file limit, or 0 or less when unknown (no limit)
     * @return the limit, 0 for none
     */
    public static int implicitMax(long fds) {
        if (fds <= 0) {
            return 0;
        }
        long n = Math.max(16, fds);
        return (int) Math.min(Integer.MAX_VALUE, n >= 256 ? n * 125 / 256 : (n - 6) / 2);
    }

    /** @return whether one more connection fits; if so it is counted and must be {@link #release}d */
    public boolean tryAcquire() {
        while (true) {
            int n = open.get();
            if (max > 0 && n >= max) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        open.decrementAndGet();
    }

    /** The limit; 0 for none. */
    public int max() {
        return max;
    }

    /** Connections counted now. */
    public int open() {
        return open.get();
    }
}
