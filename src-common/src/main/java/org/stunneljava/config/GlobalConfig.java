package org.stunneljava.config;

import java.nio.file.Path;
import java.util.Optional;
import org.stunneljava.log.Facility;
import org.stunneljava.log.Severity;

/**
 * The validated global options.
 *
 * @param foreground {@code foreground}: NO (stunnel's default, daemonize), YES (also log to stderr), QUIET
 * @param pid        pid file, if any (stunnel's default: none)
 * @param output     log file, if any
 * @param syslog     also log to the local syslog socket (default yes)
 * @param debug      global log level (default notice)
 * @param facility   syslog facility (default daemon)
 */
public record GlobalConfig(Foreground foreground, Optional<Path> pid, Optional<Path> output, boolean syslog,
                           Severity debug, Facility facility) {

    public enum Foreground { NO, YES, QUIET }
}
