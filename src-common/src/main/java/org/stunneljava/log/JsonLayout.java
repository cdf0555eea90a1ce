package org.stunneljava.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.layout.AbstractStringLayout;

/**
 * The log4j layout of {@code logFormat = json}: one JSON object per line, for log pipelines that parse JSON
 * (Vector, Fluent Bit, Loki, Elasticsearch), with the fields of stunnel's line:
 * <pre>{"time":"2026-11-22T10:11:12.345+01:00","level":"notice","severity":5,"id":"12","message":"..."}</pre>
 * {@code time} is ISO 8601 with milliseconds and the offset of the configured zone; {@code level} the stunnel
 * {@code debug} name of the severity ({@code emerg} ... {@code debug}) and {@code severity} its number (the
 * {@code n} of {@code LOG<n>}); {@code id} the connection id, or {@code ui}/{@code main} for the process's own
 * lines; {@code message} the text stunnel would log. An unexpected error adds {@code "stack"} with its stack trace.
 * Instantiated directly, as {@link StunnelLayout}. Thread-safe.
 */
public final class JsonLayout extends AbstractStringLayout {
    private final DateTimeFormatter time;

    public JsonLayout(ZoneId zone) {
        super(StandardCharsets.UTF_8);
        this.time = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT).withZone(zone);
    }

    @Override
    public String toSerializable(LogEvent event) {
        LogLine line = StunnelLayout.lineOf(event);
        StringBuilder b = new StringBuilder(96 + line.text().length());
        b.append("{\"time\":\"").append(time.format(Instant.ofEpochMilli(line.epochMillis())))
                .append("\",\"level\":\"").append(line.severity().name().toLowerCase(Locale.ROOT))
                .append("\",\"severity\":").append(line.severity().level())
                .append(",\"id\":");
        JsonText.appendQuoted(b, line.id()).append(",\"message\":");
        JsonText.appendQuoted(b, line.text());
        if (line.thrown() != null) {
            StringWriter w = new StringWriter();
            line.thrown().printStackTrace(new PrintWriter(w));
            JsonText.appendQuoted(b.append(",\"stack\":"), w.toString());
        }
        return b.append("}\n").toString();
    }
}
