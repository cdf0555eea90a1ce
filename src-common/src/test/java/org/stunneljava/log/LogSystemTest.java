package org.stunneljava.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSystemTest {
    private static final Clock NOV_21 = Clock.fixed(Instant.parse("2026-11-21T22:11:43.250Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final LogSystem system = new LogSystem();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<String> notes = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        system.close();
    }

    /** Foreground, nothing else, notice level, fixed clock. */
    private LogSettings foreground() {
        return new LogSettings(true, Optional.empty(), false, Severity.NOTICE, Facility.DAEMON, "stunnel",
            dir.resolve("no-syslog"), stderr, notes::add, NOV_21);
    }

    private List<String> stderrLines() {
        return stderr.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    @Test
    void foreground_lines_go_to_stderr_in_stunnels_format() throws IOException {
        system.reconfigure(foreground());

        system.global().log(Severity.NOTICE, "Configuration successful");
        system.forConnection("0", Severity.NOTICE).log(Severity.NOTICE, "Service [s] accepted connection from x");
        system.close();

        assertEquals(List.of("2026.11.21 22:11:43 LOG5[ui]: Configuration successful",
            "2026.11.21 22:11:43 LOG5[0]: Service [s] accepted connection from x"), stderrLines());
    }

    @Test
    void quiet_or_daemon_mode_writes_nothing_to_stderr() throws IOException {
        LogSettings f = foreground();
        system.reconfigure(new LogSettings(false, f.output(), false, f.level(), f.facility(), f.ident(),
            f.syslogSocket(), stderr, notes::add, NOV_21));

        system.global().log(Severity.EMERG, "nobody sees this");
        system.close();

        assertEquals("", stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void each_connection_log_applies_its_own_service_level() throws IOException {
        system.reconfigure(foreground());
        Log verbose = system.forConnection("1", Severity.INFO);
        Log terse = system.forConnection("2", Severity.ERR);

        verbose.log(Severity.INFO, "info on 1");
        verbose.log(Severity.DEBUG, "debug on 1");
        terse.log(Severity.NOTICE, "notice on 2");
        terse.log(Severity.ERR, "error on 2");
        system.global().log(Severity.INFO, "info on ui");
        system.close();

        assertEquals(List.of("2026.11.21 22:11:43 LOG6[1]: info on 1", "2026.11.21 22:11:43 LOG3[2]: error on 2"),
            stderrLines());
        assertTrue(verbose.enabled(Severity.INFO));
        assertFalse(verbose.enabled(Severity.DEBUG));
        assertFalse(system.global().enabled(Severity.INFO));
        assertEquals("2", terse.id());
    }

    @Test
    void text_is_cleaned_and_cut_on_the_way_out() throws IOException {
        system.reconfigure(foreground());

        system.global().log(Severity.NOTICE, "peer sent \u0007bell\r\n");
        system.global().log(Severity.NOTICE, "z".repeat(2000));
        system.close();

        List<String> lines = stderrLines();
        assertEquals("2026.11.21 22:11:43 LOG5[ui]: peer sent .bell.", lines.get(0));
        assertEquals("2026.11.21 22:11:43 LOG5[ui]: " + "z".repeat(1024), lines.get(1));
    }

    @Test
    void the_output_file_is_appended_to() throws IOException {
        Path file = dir.resolve("stunnel.log");
        Files.writeString(file, "an older line\n");
        LogSettings f = foreground();
        system.reconfigure(new LogSettings(false, Optional.of(file), false, f.level(), f.facility(), f.ident(),
            f.syslogSocket(), stderr, notes::add, NOV_21));

        system.global().log(Severity.WARNING, "appended");
        system.close();

        assertEquals(List.of("an older line", "2026.11.21 22:11:43 LOG4[ui]: appended"), lines(file));
    }

    @Test
    void an_output_file_that_cannot_be_opened_is_named_and_nothing_changes() {
        Path file = dir.resolve("missing-dir").resolve("x.log");
        LogSettings f = foreground();
        LogSettings bad = new LogSettings(true, Optional.of(file), false, f.level(), f.facility(), f.ident(),
            f.syslogSocket(), stderr, notes::add, NOV_21);

        IOException e = assertThrows(IOException.class, () -> system.reconfigure(bad));

        assertTrue(e.getMessage().startsWith("Cannot open log file: " + file), e.getMessage());
        assertTrue(system.startup().buffering());
    }

    @Test
    void character_devices_can_be_the_output_file() throws IOException {
        try (OutputFile devNull = OutputFile.open(Path.of("/dev/null"))) {
            devNull.write("x\n".getBytes(StandardCharsets.US_ASCII));
            devNull.reopen();
        }
    }

    @Test
    void startup_lines_are_replayed_with_their_own_time_and_filtered_by_the_global_level() throws IOException {
        system.global().log(Severity.NOTICE, "Reading configuration from file /x.conf");
        system.global().log(Severity.DEBUG, "a debug detail");
        String today = new LineFormat(ZoneId.systemDefault()).stamp(System.currentTimeMillis())
            .substring(0, 10);

        system.reconfigure(foreground());
        system.global().log(Severity.NOTICE, "Configuration successful");
        system.close();

        List<String> lines = stderrLines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith(today), lines.get(0));
        assertTrue(lines.get(0).endsWith(" LOG5[ui]: Reading configuration from file /x.conf"), lines.get(0));
        assertEquals("2026.11.21 22:11:43 LOG5[ui]: Configuration successful", lines.get(1));
    }

    @Test
    void an_unexpected_error_adds_its_stack_trace_after_the_line() throws IOException {
        system.reconfigure(foreground());

        Log log = system.forConnection("5", Severity.NOTICE);
        log.log(Severity.ERR, "INTERNAL ERROR", new IllegalStateException("boom"));
        system.close();

        List<String> lines = stderrLines();
        assertEquals("2026.11.21 22:11:43 LOG3[5]: INTERNAL ERROR", lines.get(0));
        assertEquals("java.lang.IllegalStateException: boom", lines.get(1));
        assertTrue(lines.get(2).startsWith("\tat "), lines.get(2));
    }

    @Test
    void reopening_the_output_after_rotation_starts_the_new_file_with_log_file_reopened() throws IOException {
        Path file = dir.resolve("stunnel.log");
        Path rotated = dir.resolve("stunnel.log.1");
        LogSettings f = foreground();
        system.reconfigure(new LogSettings(false, Optional.of(file), false, f.level(), f.facility(), f.ident(),
            f.syslogSocket(), stderr, notes::add, NOV_21));
        system.global().log(Severity.NOTICE, "before");
        Await.until(Duration.ofSeconds(5), "the first line in the file", () -> sizeOf(file) > 0);

        Files.move(file, rotated);
        system.reopenOutput();
        system.global().log(Severity.NOTICE, "after");
        system.close();

        assertEquals(List.of("2026.11.21 22:11:43 LOG5[ui]: before"), lines(rotated));
        assertEquals(List.of("2026.11.21 22:11:43 LOG5[ui]: Log file reopened", "2026.11.21 22:11:43 LOG5[ui]: after"),
            lines(file));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void reconfiguring_swaps_targets_and_level() throws IOException {
        Path first = dir.resolve("first.log");
        Path second = dir.resolve("second.log");
        LogSettings f = foreground();
        system.reconfigure(new LogSettings(false, Optional.of(first), false, Severity.NOTICE, f.facility(), f.ident(),
            f.syslogSocket(), stderr, notes::add, NOV_21));
        system.global().log(Severity.DEBUG, "dropped");
        system.global().log(Severity.NOTICE, "to first");

        system.reconfigure(new LogSettings(false, Optional.of(second), false, Severity.DEBUG, f.facility(), f.ident(),
            f.syslogSocket(), stderr, notes::add, NOV_21));
        system.global().log(Severity.DEBUG, "to second");
        system.close();

        assertEquals(List.of("2026.11.21 22:11:43 LOG5[ui]: to first"), lines(first));
        assertEquals(List.of("2026.11.21 22:11:43 LOG7[ui]: to second"), lines(second));
    }

    @Test
    void a_stuck_stderr_never_stalls_the_callers() throws IOException {
        CountDownLatch stuck = new CountDownLatch(1);
        OutputStream blocking = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    stuck.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        system.reconfigure(foreground().withStderr(blocking));
        Log log = system.forConnection("1", Severity.NOTICE);

        long start = System.nanoTime();
        for (int i = 0; i < 3 * StunnelConfiguration.QUEUE_EVENTS; i++) {
            log.log(Severity.NOTICE, "line " + i);
        }
        Duration spent = Duration.ofNanos(System.nanoTime() - start);
        stuck.countDown();
        system.close();

        assertTrue(spent.compareTo(Duration.ofSeconds(5)) < 0, "logging took " + spent);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("log queue 'files': "), notes.get(0));
    }

    @Test
    void a_daemonized_main_thread_logs_as_main() throws IOException {
        system.reconfigure(foreground());
        system.daemonized();

        system.global().log(Severity.NOTICE, "x");
        system.close();

        assertEquals(List.of("2026.11.21 22:11:43 LOG5[main]: x"), stderrLines());
    }
}
