package org.stunneljava.launch;

import java.io.PrintStream;
import java.nio.channels.ServerSocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.stunneljava.config.ConfigException;
import org.stunneljava.config.ConfigLoader;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.StartupNotice;
import org.stunneljava.config.StunnelConfig;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Acceptor;
import org.stunneljava.net.Listener;
import org.stunneljava.relay.AcceptedHandler;
import org.stunneljava.tls.HybridTlsCrypto;

/**
 * The start-up both programs share, in stunnel's order: read and validate the whole file (nothing binds before
 * it is valid), load every service's certificates and keys, configure logging, bind every listener, write the pid
 * file, then accept. A failure before accepting prints stunnel's {@code [!] ...} lines and
 * {@code Configuration failed} and returns exit code 1. Owns the listeners and closes them at shutdown.
 */
public final class Launcher {
    private final ModeSpec mode;
    private final PrintStream stderr;
    private final LogSystem logs = new LogSystem();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private volatile int exitCode = 0;
    private ProcessFiles processFiles;

    public Launcher(ModeSpec mode, PrintStream stderr) {
        this.mode = mode;
        this.stderr = stderr;
    }

    /** Runs the program until SIGTERM/SIGINT; returns the exit code. */
    public int run(String[] args) {
        Arguments arguments = Arguments.parse(args);
        switch (arguments.action()) {
            case VERSION -> {
                stderr.println(Version.banner(mode.name()));
                return 0;
            }
            case HELP -> {
                stderr.println(Version.help(mode.name()));
                return 0;
            }
            case ERROR -> {
                stderr.println("[!] " + arguments.error().orElseThrow());
                stderr.println(Version.usage(mode.name()));
                return 1;
            }
            case RUN -> {
                return start(arguments);
            }
        }
        return 1;
    }

    private int start(Arguments arguments) {
        List<Running> services;
        StunnelConfig config;
        try {
            config = ConfigLoader.load(arguments.config());
            services = prepare(config);
        } catch (ConfigException e) {
            return failed(e.lines());
        } catch (StartupException e) {
            return failed(e.lines());
        }
        logs.configure(config.global());
        try {
            for (Running r : services) {
                r.listeners.addAll(Listeners.bind(r.service, logs.global()));
                listeners.addAll(r.listeners);
            }
            processFiles = ProcessFiles.start(config, mode, logs.global());
        } catch (StartupException e) {
            e.lines().forEach(l -> logs.global().log(Severity.ERR, l));
            closeListeners();
            logs.flush();
            return 1;
        }
        Signals.onTerminate(this::stop);
        for (Running r : services) {
            for (ServerSocketChannel l : r.listeners) {
                Thread.ofPlatform().name("accept-" + r.service.name()).daemon(true)
                        .start(new Acceptor(l, r.handler, logs.global()));
            }
        }
        logs.global().log(Severity.INFO, "Accepting new connections");
        awaitStop();
        return exitCode;
    }

    private record Running(ServiceConfig service, AcceptedHandler handler, List<ServerSocketChannel> listeners) {
    }

    /** Everything that can fail because of the files, before anything is bound. */
    private List<Running> prepare(StunnelConfig config) throws StartupException {
        for (StartupNotice n : config.notices()) {
            logs.startup(n.severity(), n.text());
        }
        HybridTlsCrypto crypto = new HybridTlsCrypto(new SecureRandom());
        List<Running> running = new ArrayList<>();
        for (ServiceConfig service : config.services()) {
            if (!mode.runs(service)) {
                logs.startup(Severity.NOTICE, "Service [" + service.name() + "] is a " + other() + " service: "
                        + "left to stunnel-java-" + other());
                continue;
            }
            running.add(new Running(service, mode.handler(service, crypto, logs.context()), new ArrayList<>()));
        }
        if (running.isEmpty()) {
            throw new StartupException("No " + mode.name() + " service in " + config.file()
                    + ": every service has client = " + (mode.name().equals("client") ? "no" : "yes")
                    + "; run stunnel-java-" + other() + " on this file");
        }
        return running;
    }

    private String other() {
        return mode.name().equals("server") ? "client" : "server";
    }

    private int failed(List<String> lines) {
        logs.dumpStartupFailure(stderr, lines);
        return 1;
    }

    /** SIGTERM/SIGINT: stunnel logs {@code Terminated}, closes listeners, removes the pid file, exits 0. */
    public void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        logs.global().log(Severity.NOTICE, "Terminated");
        closeListeners();
        if (processFiles != null) {
            processFiles.remove();
        }
        logs.flush();
        stopped.countDown();
    }

    private void closeListeners() {
        listeners.forEach(Listener::close);
    }

    private void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Log log() {
        return logs.global();
    }
}
