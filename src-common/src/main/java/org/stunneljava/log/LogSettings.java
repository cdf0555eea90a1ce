package org.stunneljava.log;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.stunneljava.config.GlobalConfig;

/**
 * Where and what to log, from the validated global options plus what tests replace (the syslog socket, stderr,
 * the clock). Immutable; it owns none of the streams it names (the caller keeps stderr open).
 *
 * @param stderrLines  log to stderr: {@code foreground = yes} (not {@code no}, not {@code quiet})
 * @param output       the {@code output} file, appended to
 * @param syslog       send to the syslog socket ({@code syslog = yes}, stunnel's default)
 * @param level        the global {@code debug} level: the threshold of the main thread's lines
 * @param facility     the syslog facility of {@code debug = facility.level}
 * @param ident        the syslog ident (stunnel's {@code service} option, default {@code stunnel})
 * @param syslogSocket the syslog socket, {@code /dev/log} unless a test binds its own
 * @param stderr       where stderr lines go
 * @param note         receives logging's own trouble notes (a dead syslog socket), stderr in production
 * @param clock        time and zone of the stamps
 * @param format       the lines on stderr and in the output file: stunnel's or JSON ({@code logFormat})
 */
public record LogSettings(boolean stderrLines, Optional<Path> output, boolean syslog, Severity level,
                          Facility facility, String ident, Path syslogSocket, OutputStream stderr,
                          Consumer<String> note, Clock clock, LogFormat format) {
    public static final Path DEV_LOG = Path.of("/dev/log");
    public static final String DEFAULT_IDENT = "stunnel";

    /** With stunnel's lines. */
    public LogSettings(boolean stderrLines, Optional<Path> output, boolean syslog, Severity level, Facility facility,
                       String ident, Path syslogSocket, OutputStream stderr, Consumer<String> note, Clock clock) {
        this(stderrLines, output, syslog, level, facility, ident, syslogSocket, stderr, note, clock,
                LogFormat.STUNNEL);
    }

    /** The settings stunnel derives from its global options, writing to the real stderr and {@code /dev/log}. */
    public static LogSettings from(GlobalConfig global) {
        return new LogSettings(global.foreground() == GlobalConfig.Foreground.YES, global.output(), global.syslog(),
            global.debug(), global.facility(), DEFAULT_IDENT, DEV_LOG, System.err, System.err::println,
            Clock.systemDefaultZone(), global.logFormat());
    }

    /**
     * Whether {@code other} writes to the same places in the same way, so that a reload can keep the open targets
     * and only apply the level.
     */
    public boolean sameTargets(LogSettings other) {
        return stderrLines == other.stderrLines && output.equals(other.output) && syslog == other.syslog
                && facility == other.facility && ident.equals(other.ident) && syslogSocket.equals(other.syslogSocket)
                && format == other.format;
    }

    /** Whether lines also go to stderr: set by {@code foreground} at start, which a reload does not change. */
    public LogSettings withStderrLines(boolean on) {
        return new LogSettings(on, output, syslog, level, facility, ident, syslogSocket, stderr, note, clock, format);
    }

    public LogSettings withSyslogSocket(Path socket) {
        return new LogSettings(stderrLines, output, syslog, level, facility, ident, socket, stderr, note,
            clock, format);
    }

    public LogSettings withStderr(OutputStream to) {
        return new LogSettings(stderrLines, output, syslog, level, facility, ident, syslogSocket, to, note,
            clock, format);
    }

    public LogSettings withNote(Consumer<String> to) {
        return new LogSettings(stderrLines, output, syslog, level, facility, ident, syslogSocket, stderr, to,
            clock, format);
    }

    public LogSettings withClock(Clock c) {
        return new LogSettings(stderrLines, output, syslog, level, facility, ident, syslogSocket, stderr, note,
            c, format);
    }

    public LogSettings withIdent(String name) {
        return new LogSettings(stderrLines, output, syslog, level, facility, name, syslogSocket, stderr, note,
            clock, format);
    }

    public LogSettings withFormat(LogFormat f) {
        return new LogSettings(stderrLines, output, syslog, level, facility, ident, syslogSocket, stderr, note, clock,
            f);
    }
}
