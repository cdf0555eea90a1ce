package org.stunneljava.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogAppenderTest {
    @TempDir
    Path dir;

    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final AtomicLong nanos = new AtomicLong();

    private static LogEvent event(String text) {
        LogLine line = new LogLine(0, Severity.NOTICE, "ui", text, null);
        return Log4jLogEvent.newBuilder().setMessage(new StunnelMessage(line)).build();
    }

    @Test
    void after_a_failure_sends_pause_for_a_second_then_a_socket_that_came_back_is_used_again() throws IOException {
        Path path = dir.resolve("log");
        SyslogAppender appender = new SyslogAppender("syslog", path,
            new SyslogFormat(Facility.DAEMON, "stunnel", ZoneOffset.UTC), notes::add, nanos::get);
        appender.start();

        appender.append(event("lost: no socket yet"));
        try (TestSyslog syslog = new TestSyslog(path)) {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(SyslogAppender.RETRY_AFTER_MILLIS) - 1);
            appender.append(event("dropped: still pausing"));
            nanos.addAndGet(1);
            appender.append(event("sent"));

            assertEquals("<29>Jan  1 00:00:00 stunnel: LOG5[ui]: sent", syslog.receive());
        } finally {
            appender.stop(1, TimeUnit.SECONDS);
        }
        assertEquals(1, notes.size(), notes.toString());
        assertEquals("syslog: cannot send to " + path + ": No such file or directory;"
            + " syslog messages are dropped while this lasts", notes.get(0));
    }
}
