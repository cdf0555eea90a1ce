package org.stunneljava.process;

import java.io.PrintStream;
import java.util.Optional;

/**
 * The daemon's side of a daemonizing launch ({@code foreground = no}; see {@link DaemonLaunch}): the same program
 * started again by its launcher with {@link #VARIABLE} in its environment. It leaves the launcher's session at once
 * ({@code setsid}, as stunnel's child does after its fork), reports its start-up errors on the standard error the
 * launcher relays, and once it accepts connections tells the launcher so on its standard output and puts
 * {@code /dev/null} in place of its standard input, output and error (stunnel's {@code daemonize()}), which also
 * closes the launcher's pipes so the launcher can exit. Used by the main thread only.
 */
public final class DaemonChild {
    /** The environment variable that marks the daemon; its value is the line that tells the launcher "accepting". */
    public static final String VARIABLE = "STUNNEL_JAVA_DAEMON";

    private final String acceptingLine;

    private DaemonChild(String acceptingLine) {
        this.acceptingLine = acceptingLine;
    }

    /** This process's daemon side, if a launcher started it as the daemon. */
    public static Optional<DaemonChild> current() {
        return Optional.ofNullable(System.getenv(VARIABLE)).filter(v -> !v.isBlank()).map(DaemonChild::new);
    }

    /** First thing: a session of its own, so the launcher's terminal and process group no longer reach it. */
    public void begin() {
        Posix.setsid(); // as stunnel, the error is ignored: it only fails for a group leader, which we are not
    }

    /**
     * The services accept connections: tells the launcher (which exits 0 and, under systemd, hands the unit's main
     * pid over to this process), then detaches from the launcher's pipes.
     */
    public void accepting() {
        PrintStream out = System.out;
        out.println(acceptingLine);
        out.flush();
        System.err.flush();
        int devNull = Posix.open("/dev/null", Posix.O_RDWR);
        if (devNull < 0) {
            return; // keep the pipes: the launcher, told already, stops relaying after a few seconds and exits
        }
        for (int fd = 0; fd <= 2; fd++) {
            Posix.dup2(devNull, fd);
        }
        Posix.close(devNull);
    }
}
