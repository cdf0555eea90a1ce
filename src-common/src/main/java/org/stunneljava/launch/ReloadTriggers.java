package org.stunneljava.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.stunneljava.config.ProcessControl;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.process.ProcessSignal;
import org.stunneljava.process.Signals;

/**
 * Reloads that no one sends a SIGHUP for: every {@code reloadInterval}, and with {@code reloadOnChange} when a file
 * the configuration reads has changed and then stayed the same for one check (so a certificate being written is
 * not read half-way). Each trigger queues a SIGHUP for the main thread, which reloads as for a real one. One
 * daemon thread checks once a second; {@link #update} after every reload, successful or not, sets what to watch.
 * Owns that thread ({@link #close}).
 */
final class ReloadTriggers implements AutoCloseable {
    static final Duration CHECK = Duration.ofSeconds(1);

    private final Signals signals;
    private final Log log;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reload-triggers");
        t.setDaemon(true);
        return t;
    });
    // Written by the main thread in update(), read by the timer thread.
    private volatile ProcessControl control = ProcessControl.DEFAULTS;
    private volatile WatchedFiles files = new WatchedFiles(java.util.List.of());
    private volatile Map<Path, WatchedFiles.Fingerprint> loaded = Map.of();
    private volatile long nextTimedNanos;
    // Touched by the timer thread only.
    private Map<Path, WatchedFiles.Fingerprint> changed;

    ReloadTriggers(Signals signals, Log log) {
        this.signals = signals;
        this.log = log;
        timer.scheduleWithFixedDelay(this::check, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * After a reload (or the start): watch what {@code running} reads, as it was when reading began, and count the
     * interval from now. Taking the fingerprints from before the files were read means a file that changed while
     * they were being read is seen as changed at the next check.
     *
     * @param beforeLoad the fingerprints of {@code watched} taken before the configuration was read
     */
    void update(ProcessControl running, WatchedFiles watched, Map<Path, WatchedFiles.Fingerprint> beforeLoad) {
        control = running;
        files = watched;
        loaded = beforeLoad;
        nextTimedNanos = System.nanoTime() + running.reloadInterval().toNanos();
    }

    /** The files to fingerprint before the next load: those of the running configuration. */
    WatchedFiles watched() {
        return files;
    }

    private void check() {
        try {
            ProcessControl c = control;
            if (c.reloadOnChange() && filesSettled()) {
                return;
            }
            if (!c.reloadInterval().isZero() && System.nanoTime() - nextTimedNanos >= 0) {
                nextTimedNanos = System.nanoTime() + c.reloadInterval().toNanos();
                log.log(Severity.NOTICE, "Reload interval of " + c.reloadInterval().toSeconds()
                        + " second(s) elapsed: reloading the configuration");
                signals.post(ProcessSignal.HUP);
            }
        } catch (RuntimeException e) {
            log.log(Severity.ERR, "Reload trigger failed: " + e, e);
        }
    }

    /** @return whether a change was found and has settled, and a reload was queued */
    private boolean filesSettled() {
        Map<Path, WatchedFiles.Fingerprint> now = files.fingerprints();
        if (now.equals(loaded)) {
            changed = null;
            return false;
        }
        if (!now.equals(changed)) {
            changed = now; // wait one more check: the writer may not be done
            return false;
        }
        changed = null;
        String what = firstDifference(now);
        loaded = now; // not again for this same change, whether or not the reload succeeds
        log.log(Severity.NOTICE, "Changed: " + what + ": reloading the configuration");
        signals.post(ProcessSignal.HUP);
        return true;
    }

    private String firstDifference(Map<Path, WatchedFiles.Fingerprint> now) {
        return now.entrySet().stream().filter(e -> !Objects.equals(e.getValue(), loaded.get(e.getKey())))
                .map(e -> e.getKey().toString()).findFirst()
                .orElseGet(() -> loaded.keySet().stream().filter(p -> !now.containsKey(p)).map(Path::toString)
                        .findFirst().orElse("a watched file"));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
