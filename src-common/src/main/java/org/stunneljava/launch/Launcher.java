package org.stunneljava.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stunneljava.config.ConfigException;
import org.stunneljava.config.ConfigLoader;
import org.stunneljava.config.GlobalConfig;
import org.stunneljava.config.StunnelConfig;
import org.stunneljava.log.Log;
import org.stunneljava.log.LogSettings;
import org.stunneljava.log.Severity;
import org.stunneljava.log.StunnelLog;
import org.stunneljava.net.ClientLimit;
import org.stunneljava.net.DnsCache;
import org.stunneljava.process.DaemonChild;
import org.stunneljava.process.DaemonLaunch;
import org.stunneljava.process.PidFile;
import org.stunneljava.process.Signals;
import org.stunneljava.process.SystemdNotify;
import org.stunneljava.relay.ActiveConnections;
import org.stunneljava.relay.ConnectionEvents;
import org.stunneljava.status.Metrics;

/**
 * The start-up both programs share, in stunnel's order: read and validate the whole file (nothing binds before
 * it is valid), load every service's certificates and keys, configure logging, bind every listener, write the pid
 * file, then hand over to the {@link RunningProgram}, which serves signals until SIGTERM/SIGINT. A failure before
 * accepting prints stunnel's {@code [!] ...} lines and {@code Configuration failed} and returns exit code 1.
 */
public final class Launcher {
    private final ModeSpec mode;
    private final PrintStream stderr;

    public Launcher(ModeSpec mode, PrintStream stderr) {
        this.mode = mode;
        this.stderr = stderr;
    }

    /** Runs the program; returns the exit code of a failed start, or exits 0 itself after SIGTERM/SIGINT. */
    public int run(String[] args) {
        DnsCache.disable(); // before any name is looked up: the JVM reads its cache settings once
        DaemonChild.current().ifPresent(DaemonChild::begin); // a daemon leaves its launcher's session first
        Arguments arguments = Arguments.parse(args);
        return switch (arguments.action()) {
            case VERSION -> print(Version.banner(mode.name()), 0);
            case HELP -> print(Version.help(mode.name()), 0);
            case CHECK -> org.stunneljava.check.MigrationCheck.run(arguments.config(), System.out);
            case ERROR -> print("[!] " + arguments.error().orElseThrow() + "\n" + Version.usage(mode.name()), 1);
            case RUN -> start(arguments);
        };
    }

    private int print(String text, int code) {
        stderr.println(text);
        return code;
    }

    private int start(Arguments arguments) {
        Signals signals = Signals.install(); // first, so a SIGTERM during start-up is not lost
        Log log = StunnelLog.global();
        SystemdNotify systemd = SystemdNotify.fromEnvironment(log); // opened now, before any privilege drop
        Generation first;
        ClientLimit clients;
        // what reloadOnChange compares with: each file as it was before it was read
        Map<Path, WatchedFiles.Fingerprint> beforeLoad = WatchedFiles.ofFile(arguments.config()).fingerprints();
        try {
            StunnelConfig config = ConfigLoader.load(arguments.config());
            clients = clientLimit(config, log); // first, as stunnel logs it
            beforeLoad = WatchedFiles.of(config, mode).fingerprintsSince(beforeLoad);
            first = Generation.prepare(mode, config, log);
            SocketActivation.refuse();
        } catch (ConfigException e) {
            return configurationFailed(e.lines());
        } catch (StartupException e) {
            return configurationFailed(e.lines());
        }
        if (daemonizes(first.config())) {
            return new DaemonLaunch(stderr, signals, systemd).run();
        }
        LogSettings logSettings = LogSettings.from(first.config().global());
        try {
            StunnelLog.reconfigure(logSettings);
        } catch (IOException e) {
            log.log(Severity.ERR, e.getMessage());
            StunnelLog.startup().fail(stderr);
            return 1;
        }
        ActiveConnections active = new ActiveConnections();
        Metrics metrics = new Metrics(); // counts whether or not the endpoint is on, for one a reload starts later
        ListenerTable listeners = new ListenerTable(log, ConnectionEvents.all(List.of(active, metrics)), clients);
        StatusService status = new StatusService(metrics, new Reloads(), log);
        Optional<PidFile> pid;
        try {
            ListenerTable.Change bind = listeners.prepare(first.services());
            StatusService.Move endpoint;
            try {
                endpoint = status.prepare(first.config().global(), first.served(mode));
            } catch (StartupException e) {
                bind.abandon();
                throw e;
            }
            try {
                Containment.afterBind(first.config().global(), log);
                pid = ProcessFiles.start(first.config(), mode, log);
            } catch (StartupException e) {
                bind.abandon();
                endpoint.abandon();
                throw e;
            }
            bind.commit();
            endpoint.commit();
        } catch (StartupException e) {
            e.lines().forEach(l -> log.log(Severity.ERR, l));
            StunnelLog.shutdown();
            return 1;
        }
        log.log(Severity.INFO, "Accepting new connections");
        accepting(systemd);
        new RunningProgram(mode, arguments.config(), signals, log, listeners, active, status, first,
                logSettings, pid, systemd, beforeLoad).serve();
        return 0;
    }

    /** {@code foreground = no} in the launcher (not yet in the daemon it starts): stunnel's daemon mode. */
    private static boolean daemonizes(StunnelConfig config) {
        return config.global().foreground() == GlobalConfig.Foreground.NO && DaemonChild.current().isEmpty();
    }

    /** Tells who waits for it that the services accept: systemd, or in a daemon its launcher (which tells systemd). */
    private static void accepting(SystemdNotify systemd) {
        Optional<DaemonChild> daemon = DaemonChild.current();
        if (daemon.isPresent()) {
            daemon.get().accepting();
        } else {
            systemd.ready();
        }
    }

    /**
     * The process's connection limit: the global {@code maxClients}, else stunnel's, derived from the open-file
     * limit (the JVM's, which HotSpot raises to the hard limit at start), logged as stunnel logs it. Set once: a
     * reload that changes the global {@code maxClients} takes effect at the next start.
     */
    private static ClientLimit clientLimit(StunnelConfig config, Log log) {
        int max = config.global().maxClients().orElseGet(() -> ClientLimit.implicitMax(OpenFiles.limit()));
        log.log(Severity.DEBUG, max > 0 ? "Clients allowed=" + max : "No limit detected for the number of clients");
        return ClientLimit.of(max);
    }

    private int configurationFailed(List<String> lines) {
        StunnelLog.startup().failConfiguration(lines, stderr);
        return 1;
    }
}
