package org.stunneljava.launch;

import java.util.concurrent.atomic.AtomicLong;

/** stunnel's default {@code logId = sequential}: connection ids 0, 1, 2, ... per process. */
final class ConnectionIds {
    private static final AtomicLong NEXT = new AtomicLong();

    private ConnectionIds() {
    }

    static String next() {
        return Long.toString(NEXT.getAndIncrement());
    }
}
