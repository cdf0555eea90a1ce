package org.stunneljava.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Waiting on a condition with a deadline, instead of sleeping a guessed time: checks often, returns as soon as the
 * condition holds, and fails with a description of what was awaited when the deadline passes.
 */
public final class Poll {
    private static final long STEP_MILLIS = 20;

    private Poll() {
    }

    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            Thread.sleep(STEP_MILLIS);
        }
    }

    public static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        until(condition, timeout, () -> what);
    }

    /**
     * Waits until {@code value} has not changed for {@code quiet} (a writer blocked by backpressure, a count that
     * settled) and returns the settled value.
     */
    public static long untilStable(LongSupplier value, Duration quiet, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = value.getAsLong();
        long since = System.nanoTime();
        while (System.nanoTime() - since < quiet.toNanos()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not stable within " + timeout + ": " + what + " (last " + last + ")");
            }
            Thread.sleep(STEP_MILLIS);
            long now = value.getAsLong();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            }
        }
        return last;
    }
}
