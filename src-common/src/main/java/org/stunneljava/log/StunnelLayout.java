package org.stunneljava.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.layout.AbstractStringLayout;

/**
 * The log4j layout for stderr and the {@code output} file: stunnel's {@code YYYY.MM.DD HH:MM:SS LOG<n>[id]: text}
 * line, then the stack trace of an unexpected error if there is one. Instantiated directly (no log4j plugin), so
 * the shaded jar needs no plugin cache of ours. Thread-safe.
 */
public final class StunnelLayout extends AbstractStringLayout {
    private final LineFormat format;

    public StunnelLayout(LineFormat format) {
        super(StandardCharsets.UTF_8);
        this.format = format;
    }

    @Override
    public String toSerializable(LogEvent event) {
        LogLine line = lineOf(event);
        String text = format.line(line) + "\n";
        return line.thrown() == null ? text : text + stackTrace(line.thrown());
    }

    /** The line an event carries, or one made from a plain log4j event (id {@code -}) logged by other code. */
    static LogLine lineOf(LogEvent event) {
        if (event.getMessage() instanceof StunnelMessage m) {
            return m.line();
        }
        return new LogLine(event.getTimeMillis(), Levels.severityOf(event.getLevel()), "-",
            LogText.clean(event.getMessage().getFormattedMessage()), event.getThrown());
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter w = new StringWriter();
        thrown.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
