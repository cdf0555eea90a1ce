package org.stunneljava.launch;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.stunneljava.config.GlobalConfig;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/** TEMPORARY until the log4j2-based logging lands: stderr and the output file in stunnel's line format. */
final class LogTargets {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy.MM.dd HH:mm:ss");
    private final List<PrintStream> sinks;
    private final Severity level;

    private LogTargets(List<PrintStream> sinks, Severity level) {
        this.sinks = sinks;
        this.level = level;
    }

    static LogTargets open(GlobalConfig global) {
        List<PrintStream> sinks = new ArrayList<>();
        if (global.foreground() == GlobalConfig.Foreground.YES || global.foreground() == GlobalConfig.Foreground.NO) {
            sinks.add(System.err);
        }
        global.output().ifPresent(path -> {
            try {
                OutputStream out = new FileOutputStream(path.toFile(), true);
                sinks.add(new PrintStream(out, true, StandardCharsets.UTF_8));
            } catch (IOException e) {
                System.err.println("[!] Cannot open log file " + path + ": " + e.getMessage());
            }
        });
        return new LogTargets(List.copyOf(sinks), global.debug());
    }

    Severity level() {
        return level;
    }

    void write(Severity severity, String id, String text) {
        if (!level.includes(severity)) {
            return;
        }
        String line = LocalDateTime.now().format(TIME) + " LOG" + severity.level() + "[" + id + "]: " + text;
        for (PrintStream s : sinks) {
            s.println(line);
        }
    }

    Log log(String id, Severity threshold) {
        return new Log() {
            @Override
            public boolean enabled(Severity severity) {
                return threshold.includes(severity);
            }

            @Override
            public void log(Severity severity, String text) {
                if (threshold.includes(severity)) {
                    String line = LocalDateTime.now().format(TIME) + " LOG" + severity.level() + "[" + id + "]: "
                            + text;
                    for (PrintStream s : sinks) {
                        s.println(line);
                    }
                }
            }

            @Override
            public void log(Severity severity, String text, Throwable error) {
                log(severity, text);
                if (threshold.includes(severity)) {
                    sinks.forEach(error::printStackTrace);
                }
            }
        };
    }

    void flush() {
        sinks.forEach(PrintStream::flush);
    }
}
