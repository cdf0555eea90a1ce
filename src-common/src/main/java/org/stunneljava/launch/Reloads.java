package org.stunneljava.launch;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The history of the running program's reloads, for the status endpoint: how many were tried, how many failed,
 * and how the last one ended. Thread-safe; written only by the thread that reloads.
 */
public final class Reloads {
    /** One reload's outcome; {@code error} is the one line that said why it failed, empty when it succeeded. */
    public record Outcome(Instant at, Optional<String> error) {
        public boolean succeeded() {
            return error.isEmpty();
        }
    }

    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Outcome> last = new AtomicReference<>();

    void succeeded() {
        attempts.incrementAndGet();
        last.set(new Outcome(Instant.now(), Optional.empty()));
    }

    void failed(String why) {
        attempts.incrementAndGet();
        failures.incrementAndGet();
        last.set(new Outcome(Instant.now(), Optional.of(why)));
    }

    /** Reloads tried since start, successful or not. */
    public long attempts() {
        return attempts.get();
    }

    public long failures() {
        return failures.get();
    }

    /** The last reload's outcome; empty before the first. */
    public Optional<Outcome> last() {
        return Optional.ofNullable(last.get());
    }
}
