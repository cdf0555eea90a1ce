package org.stunneljava.tls;

import java.nio.file.Path;

/**
 * A certificate, key or CA file cannot be used. The message is one line that names the service, the option and
 * file, and what is wrong: {@code Service [s]: cert = "/p/x.pem": no certificate found}. The program prints it
 * and exits 1 at start-up; a reload keeps the old snapshot.
 */
public final class TlsMaterialException extends Exception {
    public TlsMaterialException(String service, String option, Path file, String problem) {
        super("Service [" + service + "]: " + option + " = \"" + file + "\": " + problem);
    }

    public TlsMaterialException(String service, String option, Path file, String problem, Throwable cause) {
        super("Service [" + service + "]: " + option + " = \"" + file + "\": " + problem, cause);
    }
}
