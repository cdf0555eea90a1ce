package org.stunneljava.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LineFormatTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Warsaw");

    private static long at(String localTime) {
        return LocalDateTime.parse(localTime).atZone(ZONE).toInstant().toEpochMilli();
    }

    @Test
    void a_line_is_local_stamp_then_LOG_level_and_id_in_brackets_then_the_text() {
        LogLine line = new LogLine(at("2026-11-21T20:42:03.999"), Severity.NOTICE, "0",
            "Service [good] accepted connection from 127.0.0.1:54840", null);

        assertEquals("2026.11.21 20:42:03 LOG5[0]: Service [good] accepted connection from 127.0.0.1:54840",
            new LineFormat(ZONE).line(line));
    }

    @Test
    void the_stamp_pads_every_field_to_two_digits_and_uses_the_given_zone() {
        long instant = LocalDateTime.parse("2027-01-02T03:04:05").toInstant(ZoneOffset.UTC).toEpochMilli();

        assertEquals("2027.01.02 03:04:05", new LineFormat(ZoneOffset.UTC).stamp(instant));
        assertEquals("2027.01.02 04:04:05", new LineFormat(ZONE).stamp(instant));
    }

    @Test
    void consecutive_lines_in_different_seconds_get_their_own_stamp() {
        LineFormat format = new LineFormat(ZONE);

        assertEquals("2026.11.21 23:59:59", format.stamp(at("2026-11-21T23:59:59.500")));
        assertEquals("2026.11.22 00:00:00", format.stamp(at("2026-11-22T00:00:00.001")));
        assertEquals("2026.11.21 23:59:59", format.stamp(at("2026-11-21T23:59:59.000")));
    }

    @Test
    void the_level_number_is_stunnels_for_every_severity() {
        LineFormat format = new LineFormat(ZONE);
        for (Severity s : Severity.values()) {
            LogLine line = new LogLine(at("2026-11-21T20:00:00"), s, "ui", "x", null);
            assertEquals("2026.11.21 20:00:00 LOG" + s.ordinal() + "[ui]: x", format.line(line));
        }
    }

    @Test
    void startup_dump_marks_follow_stunnel_star_bang_colon_dot_space() {
        String[] expected = {"[*] t", "[*] t", "[*] t", "[!] t", "[:] t", "[.] t", "[ ] t", "[ ] t"};
        for (Severity s : Severity.values()) {
            assertEquals(expected[s.ordinal()], LineFormat.startupLine(new LogLine(0, s, "ui", "t", null)));
        }
    }
}
