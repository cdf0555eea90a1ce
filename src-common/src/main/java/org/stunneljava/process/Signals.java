package org.stunneljava.process;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Catches the signals of {@link ProcessSignal} and queues them for the main thread, which handles them in order as stunnel's main
 * loop reads its signal pipe. Replacing the JVM's own handlers also means a signal no longer exits with 143:
 * the program decides (see {@link Shutdown}). A signal that was ignored when the program started (a background
 * job of a non-interactive shell ignores SIGINT) stays ignored: the JVM leaves it alone, as stunnel does.
 * {@link #close} puts the previous handlers back (tests); the programs keep theirs until they exit.
 */
public final class Signals implements AutoCloseable {
    private final BlockingQueue<ProcessSignal> received = new LinkedBlockingQueue<>();
    private final Map<ProcessSignal, SignalHandler> previous = new EnumMap<>(ProcessSignal.class);

    private Signals() {
    }

    /** Installs the handlers; call first thing in main, so a signal during start-up is not lost. */
    public static Signals install() {
        Signals signals = new Signals();
        for (ProcessSignal s : ProcessSignal.values()) {
            // Runs on the JVM's signal dispatch thread: only queue, the main thread does the work.
            signals.previous.put(s, Signal.handle(new Signal(s.jdkName()), sig -> signals.received.add(s)));
        }
        return signals;
    }

    /** The signals that were ignored when the program started and so stay ignored (worth a debug line). */
    public Set<ProcessSignal> ignoredAtLaunch() {
        Set<ProcessSignal> ignored = EnumSet.noneOf(ProcessSignal.class);
        previous.forEach((s, handler) -> {
            if (handler == SignalHandler.SIG_IGN) {
                ignored.add(s);
            }
        });
        return ignored;
    }

    /**
     * Queues {@code signal} as if it had been received: what a reload timer or a file watcher does, so that every
     * reload runs on the main thread, one at a time, in order with real signals.
     */
    public void post(ProcessSignal signal) {
        received.add(signal);
    }

    /** Waits for the next signal. */
    public ProcessSignal await() throws InterruptedException {
        return received.take();
    }

    /** Waits at most {@code timeout} for the next signal. */
    public Optional<ProcessSignal> poll(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public void close() {
        previous.forEach((s, handler) -> Signal.handle(new Signal(s.jdkName()), handler));
        previous.clear();
    }
}
