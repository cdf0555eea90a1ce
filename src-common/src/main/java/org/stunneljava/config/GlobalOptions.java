package org.stunneljava.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.stunneljava.config.GlobalConfig.Foreground;
import org.stunneljava.log.LogFormat;

/**
 * The global-only options in scope ({@code foreground}, {@code pid}, {@code output}, {@code syslog}) and the global
 * section's checks, made when the first section starts (or at the end of an inetd-mode file).
 */
final class GlobalOptions {
    private Foreground foreground = Foreground.NO; // stunnel daemonizes unless told otherwise
    private String pid;                            // none: no pid file
    private String output;                         // none: no log file
    private boolean syslog = true;                 // Unix stunnel also logs to syslog
    private final ProcessControlOptions control = new ProcessControlOptions();
    private Endpoint status;                       // none: no status endpoint (our extension)
    private LogFormat logFormat = LogFormat.STUNNEL; // our extension
    private final Map<String, Origin> origins = new LinkedHashMap<>();

    boolean apply(String option, String value, Origin origin) throws OptionError {
        if (control.apply(option, value)) {
            origins.put(option, origin);
            return true;
        }
        switch (option) {
            case "foreground" -> foreground = foreground(value);
            case "pid" -> pid = value.isEmpty() ? null : value; // empty: no pid file
            case "output" -> output = value;
            case "syslog" -> syslog = Values.yesNo(value);
            case StatusAddress.OPTION -> status = StatusAddress.parse(value).orElse(null);
            case "logFormat" -> logFormat = LogFormat.parse(value).orElseThrow(
                    () -> new OptionError("The argument needs to be either 'stunnel' or 'json'"));
            default -> {
                return false;
            }
        }
        origins.put(option, origin);
        return true;
    }

    private static Foreground foreground(String value) throws OptionError {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes" -> Foreground.YES;
            case "quiet" -> Foreground.QUIET;
            case "no" -> Foreground.NO;
            default -> throw new OptionError("The argument needs to be either 'yes', 'quiet' or 'no'");
        };
    }

    /**
     * stunnel's global checks, then the record. A daemon changes its directory in stunnel, so stunnel wants
     * absolute paths for the log and pid files when it daemonizes; the same rule holds here.
     */
    GlobalConfig build(LogOptions log, Path workingDirectory, List<StartupNotice> notices) throws OptionError {
        return build(log, java.util.OptionalInt.empty(), UserGroup.NONE, workingDirectory, notices);
    }

    /**
     * @param maxClients the global section's {@code maxClients} (a service-level option there, see ConnectionFamily)
     * @param runAs      the global section's {@code setuid}/{@code setgid} (service-level options there too)
     */
    GlobalConfig build(LogOptions log, java.util.OptionalInt maxClients, UserGroup runAs, Path workingDirectory,
                       List<StartupNotice> notices) throws OptionError {
        if (foreground == Foreground.NO && output != null && !output.startsWith("/")) {
            throw new OptionError("Log file must include full path name");
        }
        if (foreground == Foreground.NO && pid != null && !pid.startsWith("/")) {
            throw new OptionError("Pid file must include full path name");
        }
        return new GlobalConfig(foreground, resolve(pid, workingDirectory), resolve(output, workingDirectory),
                syslog, log.level(), log.facility(), origins, maxClients, runAs, control.build(),
                Optional.ofNullable(status), logFormat);
    }

    /** Relative paths are relative to the working directory, as for stunnel (which reads them before any chdir). */
    private static Optional<Path> resolve(String path, Path workingDirectory) {
        return path == null ? Optional.empty() : Optional.of(workingDirectory.resolve(path));
    }
}
