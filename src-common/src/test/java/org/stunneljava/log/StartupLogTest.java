package org.stunneljava.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupLogTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private List<String> printed() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void a_failed_configuration_prints_every_line_of_every_level_then_the_error_then_configuration_failed() {
        StartupLog log = new StartupLog();
        log.add(Severity.DEBUG, "Initializing inetd mode configuration");
        log.add(Severity.NOTICE, "Reading configuration from file /etc/stunnel/x.conf");
        log.add(Severity.WARNING, "a warning");
        log.add(Severity.CRIT, "a critical one");

        log.failConfiguration(List.of("/etc/stunnel/x.conf:3: \"bogus = 1\": Specified option name is not valid here"),
            err);

        assertEquals(List.of(
            "[ ] Initializing inetd mode configuration",
            "[.] Reading configuration from file /etc/stunnel/x.conf",
            "[:] a warning",
            "[*] a critical one",
            "[!] /etc/stunnel/x.conf:3: \"bogus = 1\": Specified option name is not valid here",
            "[!] Configuration failed"), printed());
    }

    @Test
    void lines_logged_after_a_failure_are_printed_at_once_in_the_same_form() {
        StartupLog log = new StartupLog();
        log.add(Severity.ERR, "Cannot open log file: /nonexistent/x.log");
        log.fail(err);

        log.add(Severity.DEBUG, "Unbinding service [s]");

        assertEquals(List.of("[!] Cannot open log file: /nonexistent/x.log", "[ ] Unbinding service [s]"), printed());
    }

    @Test
    void the_dump_cleans_text_like_every_other_line() {
        StartupLog log = new StartupLog();
        log.add(Severity.INFO, "bad\u0001byte\n");
        assertEquals(List.of("[ ] bad.byte"), log.dumpLines());
    }

    @Test
    void replay_hands_over_the_lines_in_order_and_then_stops_keeping() {
        StartupLog log = new StartupLog();
        log.add(Severity.NOTICE, "one");
        log.add(Severity.DEBUG, "two");
        List<String> replayed = new ArrayList<>();

        log.replayAndClose(line -> replayed.add(line.severity().level() + " " + line.id() + " " + line.text()));

        assertEquals(List.of("5 ui one", "7 ui two"), replayed);
        assertFalse(log.buffering());
        assertFalse(log.offer(new LogLine(0, Severity.NOTICE, "ui", "late", null)));
    }

    @Test
    void a_failure_after_replay_prints_nothing() {
        StartupLog log = new StartupLog();
        log.add(Severity.NOTICE, "one");
        log.replayAndClose(line -> { });

        log.fail(err);

        assertTrue(printed().isEmpty());
    }
}
