package org.stunneljava.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The launcher's side of {@code foreground = no}. stunnel forks once its configuration is loaded and its ports are
 * bound, and the parent exits 0; a JVM cannot fork, so the launcher starts the same command again (same java, JVM
 * options, jar or class path and arguments, same working directory, standard input {@code /dev/null}) with
 * {@link DaemonChild#VARIABLE} set, relays what the daemon prints on its standard error while it starts, and returns
 * once the daemon reports that it accepts connections (0: the caller exits, leaving the daemon to init or the
 * nearest subreaper) or when the daemon exits first (its exit code, so a failed start fails the launch as stunnel's
 * does). Under systemd the launcher is the unit's main process: it hands that role over to the daemon
 * ({@code MAINPID=}, {@code READY=1}) before it exits. SIGTERM or SIGINT to the launcher while it waits is passed on
 * to the daemon. Single use.
 */
public final class DaemonLaunch {
    /** How long the launcher keeps relaying the daemon's standard error after it reported it accepts. */
    private static final Duration DRAIN = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);

    private final PrintStream stderr;
    private final PrintStream stdout;
    private final Signals signals;
    private final SystemdNotify notify;
    private final CountDownLatch accepting = new CountDownLatch(1);
    private final AtomicInteger errorLines = new AtomicInteger();

    /**
     * @param stderr  where the daemon's start-up errors are printed (the launcher's standard error)
     * @param signals the launcher's signal queue, watched while it waits
     * @param notify  the launcher's systemd notifier (does nothing outside systemd)
     */
    public DaemonLaunch(PrintStream stderr, Signals signals, SystemdNotify notify) {
        this(stderr, System.out, signals, notify);
    }

    DaemonLaunch(PrintStream stderr, PrintStream stdout, Signals signals, SystemdNotify notify) {
        this.stderr = stderr;
        this.stdout = stdout;
        this.signals = signals;
        this.notify = notify;
    }

    /** Starts the daemon and waits as described above; returns the launcher's exit code. */
    public int run() {
        Optional<List<String>> command = ownCommand();
        if (command.isEmpty()) {
            stderr.println("[!] Cannot read this process's command line to start the daemon: set \"foreground = yes\""
                    + " and let a supervisor (systemd) run the program");
            return 1;
        }
        return run(command.get());
    }

    int run(List<String> command) {
        byte[] nonce = new byte[8];
        new SecureRandom().nextBytes(nonce); // so that no other line the daemon prints can be taken for it
        String acceptingLine = "stunnel-java daemon accepting " + HexFormat.of().formatHex(nonce);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(new File("/dev/null"));
        builder.environment().put(DaemonChild.VARIABLE, acceptingLine);
        Process daemon;
        try {
            daemon = builder.start();
        } catch (IOException e) {
            stderr.println("[!] Cannot start the daemon: " + e.getMessage());
            return 1;
        }
        Thread errors = relay(daemon.getErrorStream(), line -> {
            errorLines.incrementAndGet();
            stderr.println(line);
        });
        Thread output = relay(daemon.getInputStream(), line -> {
            if (line.equals(acceptingLine)) {
                accepting.countDown();
            } else {
                stdout.println(line);
            }
        });
        try {
            return await(daemon, errors, output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            daemon.destroy();
            return 1;
        }
    }

    private int await(Process daemon, Thread errors, Thread output) throws InterruptedException {
        while (!accepting.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
            if (signals.poll(Duration.ZERO).isPresent()) {
                daemon.destroy(); // SIGTERM: the daemon stops as it would at any time
            }
            if (!daemon.isAlive()) {
                output.join(); // a last line may still be in the pipe
                if (accepting.getCount() == 0) {
                    break;
                }
                errors.join();
                return failed(daemon);
            }
        }
        notify.readyAs(daemon.pid());
        errors.join(DRAIN); // ends when the daemon replaced its standard error with /dev/null
        return 0;
    }

    private int failed(Process daemon) {
        int code = daemon.exitValue();
        if (code != 0 && errorLines.get() == 0) {
            // With foreground = no the daemon logs only to syslog and the output file: say where to look.
            stderr.println("[!] The daemon (PID " + daemon.pid() + ") exited with code " + code
                    + " before accepting connections: see its log (syslog, or the \"output\" file) for why");
        }
        return code;
    }

    private static Thread relay(InputStream from, Consumer<String> line) {
        return Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    line.accept(l);
                }
            } catch (IOException e) {
                // the daemon closed its end: nothing more to relay
            }
        });
    }

    /** This JVM's own command line (the java binary, then every argument as given), to start it again. */
    static Optional<List<String>> ownCommand() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> java = info.command();
        Optional<String[]> arguments = info.arguments();
        if (java.isEmpty() || arguments.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(List.of(arguments.get()));
        return Optional.of(command);
    }
}
