package org.stunneljava.log;

import java.util.concurrent.atomic.AtomicLong;

/** stunnel's default {@code logId = sequential}: one counter for the whole process, starting at 0. */
public final class ConnectionIds {
    private static final AtomicLong NEXT = new AtomicLong();

    private ConnectionIds() {
    }

    /** The id of a new connection: {@code 0}, {@code 1}, ... */
    public static String next() {
        return Long.toString(NEXT.getAndIncrement());
    }
}
