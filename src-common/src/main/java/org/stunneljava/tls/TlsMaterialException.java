package org.stunneljava.tls;

import java.nio.file.Path;

/**
 * A certificate, key or CA file cannot be used. The message is one line that names the service, the option and
 * file, and what is wrong: {@code Service [s]: cert = "/p/x.pem": no certificate found}. The program prints it
 * (with {@link #messageAt} when it knows where the option was set) and exits 1 at start-up; a reload keeps the old
 * snapshot. The parts are kept so that the caller can name the configuration line of the option instead.
 */
public final class TlsMaterialException extends Exception {
    private final String option;
    private final transient Path file;
    private final String problem;

    public TlsMaterialException(String service, String option, Path file, String problem) {
        this(service, option, file, problem, null);
    }

    public TlsMaterialException(String service, String option, Path file, String problem, Throwable cause) {
        super("Service [" + service + "]: " + option + " = \"" + file + "\": " + problem, cause);
        this.option = option;
        this.file = file;
        this.problem = problem;
    }

    /** stunnel's spelling of the option that named the file, e.g. {@code CRLfile}. */
    public String option() {
        return option;
    }

    /**
     * The message with where the option was set, at the end so the familiar start stays as it is:
     * {@code Service [s]: key = "/p/k.pem": PROBLEM (set at /etc/s.conf:7)}.
     */
    public String messageAt(String location) {
        return getMessage() + " (set at " + location + ")";
    }

    public Path file() {
        return file;
    }

    /** What is wrong, without the service and file. */
    public String problem() {
        return problem;
    }
}
