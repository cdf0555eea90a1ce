package org.stunneljava.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.stunneljava.log.Facility;
import org.stunneljava.log.LogFormat;
import org.stunneljava.log.Severity;

/**
 * The validated global options.
 *
 * @param foreground {@code foreground}: NO (stunnel's default, daemonize), YES (also log to stderr), QUIET
 * @param pid        pid file, if any (stunnel's default: none); relative paths already resolved
 * @param output     log file, if any; relative paths already resolved
 * @param syslog     also log to the local syslog socket (default yes)
 * @param debug      global log level (default notice); also the default of every service
 * @param facility   syslog facility (default daemon)
 * @param origins    where each global option that was set came from (the last line that set it), keyed by
 *                   stunnel's spelling ({@code "pid"}, {@code "output"}, ...), for messages at run time
 * @param maxClients {@code maxClients} of the global section (our extension): the most connections open at once
 *                   in the whole process, 0 for no limit; empty: stunnel's limit derived from the open-file limit
 * @param runAs      the global {@code setuid}/{@code setgid}: the identity the process drops to once its listeners
 *                   are bound ({@link UserGroup#NONE}: it keeps its own)
 * @param control    reloads and the end of the program (our extensions)
 * @param status     {@code status} (our extension): where the status and metrics endpoint listens; a TCP host of
 *                   null means 127.0.0.1; empty (the default): no endpoint
 * @param logFormat  {@code logFormat} (our extension): stunnel's lines (default) or JSON lines on stderr and in
 *                   the {@code output} file
 */
public record GlobalConfig(Foreground foreground, Optional<Path> pid, Optional<Path> output, boolean syslog,
                           Severity debug, Facility facility, Map<String, Origin> origins, OptionalInt maxClients,
                           UserGroup runAs, ProcessControl control, Optional<Endpoint> status,
                           LogFormat logFormat) {

    public enum Foreground { NO, YES, QUIET }

    public GlobalConfig {
        origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    }

    /** Without a status endpoint, with stunnel's log lines. */
    public GlobalConfig(Foreground foreground, Optional<Path> pid, Optional<Path> output, boolean syslog,
                        Severity debug, Facility facility, Map<String, Origin> origins, OptionalInt maxClients,
                        UserGroup runAs, ProcessControl control) {
        this(foreground, pid, output, syslog, debug, facility, origins, maxClients, runAs, control, Optional.empty(),
                LogFormat.STUNNEL);
    }

    /** With the default reload and stop behaviour. */
    public GlobalConfig(Foreground foreground, Optional<Path> pid, Optional<Path> output, boolean syslog,
                        Severity debug, Facility facility, Map<String, Origin> origins, OptionalInt maxClients,
                        UserGroup runAs) {
        this(foreground, pid, output, syslog, debug, facility, origins, maxClients, runAs, ProcessControl.DEFAULTS);
    }

    /** Without {@code setuid}/{@code setgid}. */
    public GlobalConfig(Foreground foreground, Optional<Path> pid, Optional<Path> output, boolean syslog,
                        Severity debug, Facility facility, Map<String, Origin> origins, OptionalInt maxClients) {
        this(foreground, pid, output, syslog, debug, facility, origins, maxClients, UserGroup.NONE);
    }

    /** Without a global {@code maxClients}. */
    public GlobalConfig(Foreground foreground, Optional<Path> pid, Optional<Path> output, boolean syslog,
                        Severity debug, Facility facility, Map<String, Origin> origins) {
        this(foreground, pid, output, syslog, debug, facility, origins, OptionalInt.empty());
    }

    /** Without origins: for tests and callers that build a configuration by hand. */
    public GlobalConfig(Foreground foreground, Optional<Path> pid, Optional<Path> output, boolean syslog,
                        Severity debug, Facility facility) {
        this(foreground, pid, output, syslog, debug, facility, Map.of());
    }
}
