package org.stunneljava.config;

import java.time.Duration;

/**
 * The four stunnel timeouts of a service.
 *
 * @param busy    TIMEOUTbusy: waiting for expected data during a handshake or protocol negotiation (300 s)
 * @param connect TIMEOUTconnect: per-address connect limit, then the next address is tried (10 s)
 * @param idle    TIMEOUTidle: no traffic in either direction (43200 s)
 * @param close   TIMEOUTclose: after one side closed, how long to wait for the other (60 s; 0 = do not wait)
 */
public record Timeouts(Duration busy, Duration connect, Duration idle, Duration close) {
    /**
     * "Wait forever": what a negative TIMEOUT* value means in stunnel. About 68 years, so that {@code toMillis()}
     * and {@code toNanos()} cannot overflow in the code that arms timers.
     */
    public static final Duration NO_LIMIT = Duration.ofSeconds(Integer.MAX_VALUE);

    /** stunnel's defaults, as written beside each option in {@link TimeoutOptions}. */
    public static final Timeouts DEFAULTS = new TimeoutOptions().build();
}
