package org.stunneljava.process;

import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * The signals the programs handle, with stunnel's number and name and what stunnel logs for them
 * (stunnel.c {@code signal_pipe_dispatch}): SIGTERM and SIGINT end the program, SIGHUP reloads the configuration,
 * SIGUSR1 reopens the log file, SIGUSR2 lists the active connections. SIGQUIT, which stunnel also treats as
 * "terminate", is kept by the JVM for thread dumps and cannot be handled.
 */
public enum ProcessSignal {
    TERM(15), INT(2), HUP(1), USR1(10), USR2(12);

    private final int number;

    ProcessSignal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Whether the program ends on this signal. */
    public boolean terminates() {
        return this == TERM || this == INT;
    }

    /** The name as stunnel prints it: {@code SIGTERM}. */
    public String stunnelName() {
        return "SIG" + name();
    }

    /** The name {@code sun.misc.Signal} knows it by: {@code TERM}. */
    String jdkName() {
        return name();
    }

    /**
     * stunnel's line for a terminating signal: SIGTERM is the expected way to stop ({@code Terminated} at LOG5);
     * any other is reported as an error ({@code Received SIGINT; terminating} at LOG3). Checked against
     * stunnel 5.68.
     */
    public void logTermination(Log log) {
        if (this == TERM) {
            log.log(Severity.NOTICE, "Terminated");
        } else {
            log.log(Severity.ERR, "Received " + stunnelName() + "; terminating");
        }
    }
}
