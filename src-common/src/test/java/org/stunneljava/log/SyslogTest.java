package org.stunneljava.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogTest {
    private static final Clock NOV_21 = Clock.fixed(Instant.parse("2026-11-21T22:11:43Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final LogSystem system = new LogSystem();
    private final List<String> notes = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        system.close();
    }

    private LogSettings syslogTo(Path socket, Facility facility, Optional<Path> output) {
        return new LogSettings(false, output, true, Severity.INFO, facility, "stunnel", socket,
            new ByteArrayOutputStream(), notes::add, NOV_21);
    }

    @Test
    void each_line_is_one_datagram_with_priority_ident_and_stunnels_tag() throws IOException {
        try (TestSyslog syslog = new TestSyslog(dir.resolve("log"))) {
            system.reconfigure(syslogTo(syslog.path(), Facility.LOCAL0, Optional.empty()));

            system.global().log(Severity.NOTICE, "Configuration successful");
            system.forConnection("12", Severity.INFO).log(Severity.ERR, "No more addresses to connect");

            assertEquals("<133>Nov 21 22:11:43 stunnel: LOG5[ui]: Configuration successful", syslog.receive());
            assertEquals("<131>Nov 21 22:11:43 stunnel: LOG3[12]: No more addresses to connect", syslog.receive());
            assertTrue(notes.isEmpty(), notes.toString());
        }
    }

    @Test
    void the_ident_follows_the_settings() throws IOException {
        try (TestSyslog syslog = new TestSyslog(dir.resolve("log"))) {
            system.reconfigure(syslogTo(syslog.path(), Facility.DAEMON, Optional.empty()).withIdent("tunnel-a"));

            system.global().log(Severity.INFO, "x");

            assertEquals("<30>Nov 21 22:11:43 tunnel-a: LOG6[ui]: x", syslog.receive());
        }
    }

    @Test
    void a_missing_syslog_socket_gives_one_note_and_the_file_still_gets_every_line() throws IOException {
        Path file = dir.resolve("out.log");
        system.reconfigure(syslogTo(dir.resolve("no-such-socket"), Facility.DAEMON, Optional.of(file)));

        for (int i = 0; i < 3; i++) {
            system.global().log(Severity.NOTICE, "line " + i);
        }
        system.close();

        assertEquals(3, Files.readAllLines(file).size());
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("no-such-socket"), notes.get(0));
    }

    @Test
    void a_syslog_reader_that_stops_reading_never_stalls_the_callers() throws IOException {
        Path file = dir.resolve("out.log");
        try (TestSyslog stuck = new TestSyslog(dir.resolve("log"))) {
            system.reconfigure(syslogTo(stuck.path(), Facility.DAEMON, Optional.of(file)));
            Log log = system.forConnection("1", Severity.INFO);

            long start = System.nanoTime();
            for (int i = 0; i < 20_000; i++) {
                log.log(Severity.INFO, "line " + i);
            }
            Duration spent = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(spent.compareTo(Duration.ofSeconds(5)) < 0, "logging took " + spent);
            Await.until(Duration.ofSeconds(10), "a note about the stuck socket", () -> !notes.isEmpty());
            // Which note comes first is a race (the send timeout, or the queue filling behind it); either says so.
            String note = notes.get(0);
            assertTrue(note.contains("timed out") || note.contains("unavailable") || note.contains("queue is full"),
                    note);
            system.close();
        }
        assertTrue(Files.readAllLines(file).size() > 0);
    }
}
