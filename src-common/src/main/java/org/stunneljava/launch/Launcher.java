package org.stunneljava.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.ServerSocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.stunneljava.config.ConfigException;
import org.stunneljava.config.ConfigLoader;
import org.stunneljava.config.Origin;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.StartupNotice;
import org.stunneljava.config.StunnelConfig;
import org.stunneljava.log.Log;
import org.stunneljava.log.LogSettings;
import org.stunneljava.log.Severity;
import org.stunneljava.log.StunnelLog;
import org.stunneljava.net.Acceptor;
import org.stunneljava.net.Admission;
import org.stunneljava.net.ClientLimit;
import org.stunneljava.net.DnsCache;
import org.stunneljava.net.Listener;
import org.stunneljava.net.SocketErrors;
import org.stunneljava.process.PidFile;
import org.stunneljava.process.ProcessSignal;
import org.stunneljava.process.Shutdown;
import org.stunneljava.process.Signals;
import org.stunneljava.relay.AcceptedHandler;
import org.stunneljava.status.Metrics;
import org.stunneljava.status.StatusEndpoint;
import org.stunneljava.tls.HybridTlsCrypto;

/**
 * The start-up both programs share, in stunnel's order: read and validate the whole file (nothing binds before
 * it is valid), load every service's certificates and keys, configure logging, bind every listener, write the pid
 * file, then accept until SIGTERM/SIGINT. A failure before accepting prints stunnel's {@code [!] ...} lines and
 * {@code Configuration failed} and returns exit code 1. Owns the listeners and the pid file.
 */
public final class Launcher {
    private final ModeSpec mode;
    private final PrintStream stderr;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    // Every connection's metrics, for the life of the process, whether or not the status endpoint is on.
    private final Metrics metrics = new Metrics();
    private final Reloads reloads = new Reloads();
    private Optional<StatusEndpoint> status = Optional.empty();

    public Launcher(ModeSpec mode, PrintStream stderr) {
        this.mode = mode;
        this.stderr = stderr;
    }

    /** Runs the program; returns the exit code of a failed start, or exits 0 itself after SIGTERM/SIGINT. */
    public int run(String[] args) {
        DnsCache.disable(); // before any name is looked up: the JVM reads its cache settings once
        Arguments arguments = Arguments.parse(args);
        return switch (arguments.action()) {
            case VERSION -> print(Version.banner(mode.name()), 0);
            case HELP -> print(Version.help(mode.name()), 0);
            case ERROR -> print("[!] " + arguments.error().orElseThrow() + "\n" + Version.usage(mode.name()), 1);
            case RUN -> start(arguments);
        };
    }

    private int print(String text, int code) {
        stderr.println(text);
        return code;
    }

    private record Running(ServiceConfig service, AcceptedHandler handler, List<ServerSocketChannel> listeners) {
    }

    private int start(Arguments arguments) {
        Signals signals = Signals.install(); // first, so a SIGTERM during start-up is not lost
        Log log = StunnelLog.global();
        StunnelConfig config;
        ClientLimit clients;
        List<Running> services;
        try {
            config = ConfigLoader.load(arguments.config());
            clients = clientLimit(config, log); // first, as stunnel logs it
            services = prepare(config, log);
        } catch (ConfigException e) {
            return configurationFailed(e.lines());
        } catch (StartupException e) {
            return configurationFailed(e.lines());
        }
        try {
            StunnelLog.reconfigure(LogSettings.from(config.global()));
        } catch (IOException e) {
            log.log(Severity.ERR, e.getMessage());
            StunnelLog.startup().fail(stderr);
            return 1;
        }
        Optional<PidFile> pid;
        try {
            for (Running r : services) {
                r.listeners.addAll(Listeners.bind(r.service, log));
                listeners.addAll(r.listeners);
            }
            startStatus(config, log);
            pid = ProcessFiles.start(config, mode, log);
        } catch (StartupException e) {
            e.lines().forEach(l -> log.log(Severity.ERR, l));
            closeListeners();
            stopStatus();
            StunnelLog.shutdown();
            return 1;
        }
        accept(services, clients, log);
        awaitSignal(signals, log, pid);
        return 0;
    }

    /** Everything that can fail because of the files, before anything is bound. */
    private List<Running> prepare(StunnelConfig config, Log log) throws StartupException {
        for (StartupNotice n : config.notices()) {
            log.log(n.severity(), n.text());
        }
        HybridTlsCrypto crypto = new HybridTlsCrypto(new SecureRandom());
        ServiceContext context = new ServiceContext(config.services());
        List<Running> running = new ArrayList<>();
        for (ServiceConfig service : config.services()) {
            if (!mode.runs(service)) {
                log.log(Severity.NOTICE, "Service [" + service.name() + "] is a " + other() + " service: left to "
                        + "stunnel-java-" + other());
                continue;
            }
            if (service.virtualHost().isPresent()) {
                continue; // served through its primary's listeners, built with the primary's handler
            }
            running.add(new Running(service, mode.handler(service, crypto, context), new ArrayList<>()));
        }
        if (running.isEmpty()) {
            throw new StartupException("No " + mode.name() + " service in " + config.file() + ": every service has"
                    + " client = " + (mode.name().equals("client") ? "no" : "yes") + "; run stunnel-java-" + other()
                    + " on this file");
        }
        return running;
    }

    /**
     * The process's connection limit: the global {@code maxClients}, else stunnel's, derived from the open-file
     * limit (the JVM's, which HotSpot raises to the hard limit at start), logged as stunnel logs it.
     */
    private static ClientLimit clientLimit(StunnelConfig config, Log log) {
        int max = config.global().maxClients().orElseGet(() -> ClientLimit.implicitMax(OpenFiles.limit()));
        log.log(Severity.DEBUG, max > 0 ? "Clients allowed=" + max : "No limit detected for the number of clients");
        return ClientLimit.of(max);
    }

    private void accept(List<Running> services, ClientLimit global, Log log) {
        for (Running r : services) {
            // one count per service, shared by its listeners
            Admission admission = new Admission(r.service.name(), global,
                    ClientLimit.of(r.service.connections().maxClients().orElse(0)));
            Acceptor.Route route = new Acceptor.Route(r.handler, admission);
            for (ServerSocketChannel l : r.listeners) {
                Thread.ofPlatform().name("accept-" + r.service.name()).daemon(true)
                        .start(new Acceptor(l, () -> route, log, metrics));
            }
        }
        log.log(Severity.INFO, "Accepting new connections");
    }

    /** stunnel on SIGTERM/SIGINT: log it, close the listeners, remove the pid file, exit 0; connections are cut. */
    private void awaitSignal(Signals signals, Log log, Optional<PidFile> pid) {
        ProcessSignal signal;
        try {
            signal = signals.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            signal = ProcessSignal.TERM;
        }
        Shutdown.afterSignal(signal, log, () -> {
            closeListeners();
            stopStatus();
            pid.ifPresent(PidFile::close);
        });
    }

    /**
     * The status and metrics endpoint ({@code status}, off by default), started once every listener is bound and
     * closed at exit ({@link #stopStatus}). It reports the services this program runs and {@link #reloads}; a
     * reload can keep it (same address) or close it and start another.
     */
    private void startStatus(StunnelConfig config, Log log) throws StartupException {
        if (config.global().status().isEmpty()) {
            return;
        }
        List<ServiceConfig> ours = config.services().stream().filter(mode::runs).toList();
        try {
            status = Optional.of(StatusEndpoint.start(config.global().status().get(), metrics, () -> ours, reloads,
                    log));
        } catch (IOException e) {
            Origin at = config.global().origins().get("status");
            throw new StartupException(at.prefix() + ": Binding status endpoint to "
                    + StatusEndpoint.text(config.global().status().get()) + " failed: " + SocketErrors.describe(e));
        }
    }

    private void stopStatus() {
        status.ifPresent(StatusEndpoint::close);
        status = Optional.empty();
    }

    private String other() {
        return mode.name().equals("server") ? "client" : "server";
    }

    private int configurationFailed(List<String> lines) {
        StunnelLog.startup().failConfiguration(lines, stderr);
        return 1;
    }

    private void closeListeners() {
        listeners.forEach(Listener::close);
    }
}
