package org.stunneljava.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stunneljava.config.ConfigException;
import org.stunneljava.config.ConfigLoader;
import org.stunneljava.config.StunnelConfig;
import org.stunneljava.log.Log;
import org.stunneljava.log.LogSettings;
import org.stunneljava.log.Severity;
import org.stunneljava.log.StunnelLog;
import org.stunneljava.process.PidFile;
import org.stunneljava.process.ProcessSignal;
import org.stunneljava.process.Shutdown;
import org.stunneljava.process.Signals;
import org.stunneljava.process.SystemdNotify;
import org.stunneljava.relay.ActiveConnections;

/**
 * The program once it accepts: the running {@link Generation}, its listeners, and the main thread's loop over the
 * signals, as stunnel's main loop reads its signal pipe. SIGHUP (or a reload trigger) reloads, SIGUSR1 reopens the
 * log file, SIGUSR2 lists the active connections, SIGTERM/SIGINT end the program after an optional drain. Everything
 * here runs on the main thread, one signal at a time. Owns the listeners, the pid file and the reload triggers.
 */
final class RunningProgram {
    private final ModeSpec mode;
    private final Path configFile;
    private final Signals signals;
    private final Log log;
    private final ListenerTable listeners;
    private final ActiveConnections active;
    private final StatusService status;
    private final Reloads reloads;
    private final ReloadTriggers triggers;
    private final boolean stderrLines; // foreground is read once, at start, as stunnel does
    private final Optional<PidFile> pid;
    private final SystemdNotify systemd;
    private Generation running;
    private LogSettings logSettings;
    private Optional<StunnelConfig> parsed = Optional.empty(); // the file the current reload read, if it parsed
    private Map<Path, WatchedFiles.Fingerprint> beforeLoad; // the watched files as they were when reading began

    RunningProgram(ModeSpec mode, Path configFile, Signals signals, Log log, ListenerTable listeners,
                   ActiveConnections active, StatusService status, Generation running, LogSettings logSettings,
                   Optional<PidFile> pid, SystemdNotify systemd, Map<Path, WatchedFiles.Fingerprint> beforeLoad) {
        this.mode = mode;
        this.configFile = configFile;
        this.signals = signals;
        this.log = log;
        this.listeners = listeners;
        this.active = active;
        this.status = status;
        this.reloads = status.reloads();
        this.running = running;
        this.logSettings = logSettings;
        this.stderrLines = logSettings.stderrLines();
        this.pid = pid;
        this.systemd = systemd;
        this.triggers = new ReloadTriggers(signals, log);
        WatchedFiles watched = WatchedFiles.of(running.config(), mode);
        triggers.update(running.config().global().control(), watched, watched.fingerprintsSince(beforeLoad));
    }

    /** Serves signals until a terminating one; does not return (the program exits 0). */
    void serve() {
        while (true) {
            ProcessSignal signal;
            try {
                signal = signals.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                signal = ProcessSignal.TERM;
            }
            try {
                switch (signal) {
                    case HUP -> reload();
                    case USR1 -> StunnelLog.reopenOutput();
                    case USR2 -> active.logList(log);
                    case TERM, INT -> terminate(signal);
                }
            } catch (RuntimeException e) { // the program keeps serving whatever one signal's handling hit
                log.log(Severity.ERR, "INTERNAL ERROR: " + e, e);
            }
        }
    }

    /**
     * stunnel's reload_config, made a transaction: the file is read, every service's files loaded and the new
     * listeners bound before anything running changes; any failure leaves the running configuration as it was,
     * logs why and {@code Failed to reload the configuration file}. Then new connections get the new
     * configuration, while established ones go on with the one they started with. {@code foreground} and
     * {@code pid} are not reloaded, as in stunnel.
     */
    void reload() {
        systemd.reloading();
        beforeLoad = triggers.watched().fingerprints();
        parsed = Optional.empty();
        Optional<String> failure;
        try {
            failure = tryReload();
        } catch (RuntimeException e) { // a bug must not end a program that is serving: the old configuration stays
            log.log(Severity.ERR, "INTERNAL ERROR: " + e, e);
            failure = Optional.of("internal error: " + e);
        }
        systemd.ready(); // serving again, with the new configuration or the old one
        failure.ifPresent(why -> {
            reloads.failed(why); // first: whoever reads the line below finds the count already updated
            log.log(Severity.ERR, "Failed to reload the configuration file");
        });
        WatchedFiles watched = watchedAfter(failure.isEmpty());
        triggers.update(running.config().global().control(), watched, watched.fingerprintsSince(beforeLoad));
    }

    /**
     * What to watch next: the running file's; after a failed reload also the files of the new file if it parsed
     * (a certificate it names that is not there yet triggers the next attempt when it arrives).
     */
    private WatchedFiles watchedAfter(boolean succeeded) {
        WatchedFiles current = WatchedFiles.of(running.config(), mode);
        return succeeded || parsed.isEmpty() ? current : current.and(WatchedFiles.of(parsed.get(), mode));
    }

    /**
     * @return the first line of what went wrong, or empty when the new configuration runs. The log targets change
     *         last, once nothing else can fail, so a failed reload never leaves the log half switched.
     */
    private Optional<String> tryReload() {
        Generation next;
        try {
            StunnelConfig config = ConfigLoader.load(configFile);
            parsed = Optional.of(config);
            // its files as they are before they are read: one that changes while being read counts as changed
            beforeLoad = WatchedFiles.of(config, mode).fingerprintsSince(beforeLoad);
            next = Generation.prepare(mode, config, log);
        } catch (ConfigException e) {
            return failed(e.lines(), true);
        } catch (StartupException e) {
            return failed(e.lines(), true);
        }
        ListenerTable.Change change;
        StatusService.Move endpoint;
        try {
            change = listeners.prepare(next.services());
            try {
                endpoint = status.prepare(next.config().global(), next.served(mode));
            } catch (StartupException | RuntimeException e) {
                change.abandon();
                throw e;
            }
        } catch (StartupException e) {
            return failed(e.lines(), false);
        }
        LogSettings settings = LogSettings.from(next.config().global()).withStderrLines(stderrLines);
        // Unchanged targets stay open: after a privilege drop the process may no longer open the file it writes.
        if (settings.sameTargets(logSettings)) {
            StunnelLog.level(settings.level());
        } else {
            try {
                StunnelLog.reconfigure(settings);
            } catch (IOException | RuntimeException e) {
                change.abandon();
                endpoint.abandon();
                return failed(List.of(String.valueOf(e.getMessage())), false);
            }
        }
        change.commit();
        endpoint.commit();
        logSettings = settings;
        running = next;
        reloads.succeeded(); // before the line, as for a failure
        log.log(Severity.NOTICE, "Reload complete: " + next.services().size() + " service(s), " + change.summary());
        return Optional.empty();
    }

    private Optional<String> failed(List<String> lines, boolean configuration) {
        lines.forEach(l -> log.log(Severity.ERR, l));
        if (configuration) {
            log.log(Severity.ERR, "Configuration failed");
        }
        return Optional.of(lines.isEmpty() ? "unknown error" : lines.getFirst());
    }

    /**
     * stunnel on SIGTERM/SIGINT: log it, stop accepting, remove the pid file, exit 0. With {@code TIMEOUTdrain},
     * established connections first get that long to finish (another SIGTERM/SIGINT cuts it short); whatever is
     * still open then is closed.
     */
    private void terminate(ProcessSignal signal) {
        systemd.stopping();
        Shutdown.afterSignal(signal, log, () -> {
            triggers.close();
            listeners.closeAll();
            new Drain(active, signals, log).run(running.config().global().control().drain());
            status.close(); // after the drain, which it can still be asked about
            pid.ifPresent(PidFile::close);
        });
    }
}
