package org.stunneljava.log;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * The log4j configuration built in code from {@link LogSettings} (no XML, no plugin discovery of our classes):
 * stderr and the {@code output} file (stunnel's lines, or JSON lines) behind one async appender, syslog behind another, so a stuck syslog daemon
 * never delays the file. Both queues are bounded and never block the caller: when one is full the event is
 * dropped and log4j's status logger says so on stderr. The {@link OutputFile} is handed in by the caller, which
 * keeps it for SIGUSR1; the appenders close it when this configuration stops.
 */
final class StunnelConfiguration extends AbstractConfiguration {
    /** Events each queue holds before dropping: a burst of several thousand connections' lines. */
    static final int QUEUE_EVENTS = 8192;
    /** How long stopping waits for a queue to drain. */
    static final long DRAIN_MILLIS = 3000;

    private final LogSettings settings;
    private final OutputFile output;

    StunnelConfiguration(LoggerContext context, LogSettings settings, OutputFile output) {
        super(context, ConfigurationSource.NULL_SOURCE);
        this.settings = settings;
        this.output = output;
        isShutdownHookEnabled = false; // StunnelLog flushes on exit itself, after the last lines are logged
        // log4j resolves the local host name on every configuration swap unless it is set (a DNS stall at start).
        Map<String, String> properties = getComponent(Configuration.CONTEXT_PROPERTIES);
        properties.put("hostName", "localhost");
    }

    @Override
    protected void doConfigure() {
        LoggerConfig root = getRootLogger();
        root.setLevel(Level.ALL); // each Log applies its service's threshold before log4j sees the line
        LineFormat format = new LineFormat(settings.clock().getZone());
        List<Appender> files = new ArrayList<>();
        if (settings.stderrLines()) {
            files.add(streamAppender("stderr", new KeepOpen(settings.stderr()), layout(format)));
        }
        if (output != null) {
            files.add(streamAppender("output", output, layout(format)));
        }
        addAsync(root, "files", files);
        if (settings.syslog()) {
            SyslogFormat syslogFormat = new SyslogFormat(settings.facility(), settings.ident(), format.zone());
            addAsync(root, "syslog", List.of(
                new SyslogAppender("syslog-socket", settings.syslogSocket(), syslogFormat, settings.note())));
        }
    }

    /** stunnel's lines, or JSON lines with {@code logFormat = json}: one layout object per appender. */
    private Layout<String> layout(LineFormat format) {
        return settings.format() == LogFormat.JSON ? new JsonLayout(format.zone()) : new StunnelLayout(format);
    }

    private static Appender streamAppender(String name, OutputStream target, Layout<String> layout) {
        // Flushed at the end of each batch the async appender hands over, not after every line.
        return OutputStreamAppender.newBuilder().setName(name).setTarget(target).setFollow(false)
            .setLayout(layout).setImmediateFlush(false).build();
    }

    private void addAsync(LoggerConfig root, String name, List<Appender> sinks) {
        if (sinks.isEmpty()) {
            return;
        }
        AppenderRef[] refs = new AppenderRef[sinks.size()];
        for (int i = 0; i < refs.length; i++) {
            Appender sink = sinks.get(i);
            sink.start(); // before the async appender can hand it an event
            addAppender(sink);
            refs[i] = AppenderRef.createAppenderRef(sink.getName(), null, null);
        }
        AsyncAppender async = AsyncAppender.newBuilder().setName(name).setAppenderRefs(refs).setConfiguration(this)
            .setBlocking(false).setBufferSize(QUEUE_EVENTS).setShutdownTimeout(DRAIN_MILLIS)
            .setIncludeLocation(false).build();
        async.setHandler(new DropNotes(name, settings.note()));
        addAppender(async);
        root.addAppender(async, null, null);
    }

    /** stderr belongs to the process: stopping a configuration flushes it but must not close it. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
