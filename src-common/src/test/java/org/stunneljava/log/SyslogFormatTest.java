package org.stunneljava.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyslogFormatTest {
    private static long at(String utc) {
        return LocalDateTime.parse(utc).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Test
    void datagram_is_glibc_rfc3164_with_the_ident_and_no_pid_as_stunnel_sends_it() {
        SyslogFormat format = new SyslogFormat(Facility.DAEMON, "stunnel", ZoneOffset.UTC);
        LogLine line = new LogLine(at("2026-11-21T22:11:43"), Severity.NOTICE, "ui", "Terminated", null);

        assertEquals("<29>Nov 21 22:11:43 stunnel: LOG5[ui]: Terminated", format.text(line));
    }

    @Test
    void a_day_below_ten_is_padded_with_a_space() {
        SyslogFormat format = new SyslogFormat(Facility.DAEMON, "stunnel", ZoneOffset.UTC);
        LogLine line = new LogLine(at("2027-03-05T01:02:03"), Severity.ERR, "7", "x", null);

        assertEquals("<27>Mar  5 01:02:03 stunnel: LOG3[7]: x", format.text(line));
    }

    @Test
    void priority_is_facility_times_eight_plus_level() {
        SyslogFormat local0 = new SyslogFormat(Facility.LOCAL0, "stunnel", ZoneOffset.UTC);
        assertEquals(128 + 7, local0.priority(Severity.DEBUG));
        assertEquals(128, local0.priority(Severity.EMERG));
        assertEquals(0, new SyslogFormat(Facility.KERN, "s", ZoneOffset.UTC).priority(Severity.EMERG));
    }
}
