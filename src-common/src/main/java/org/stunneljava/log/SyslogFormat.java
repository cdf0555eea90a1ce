package org.stunneljava.log;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The datagram stunnel's {@code syslog(3)} call sends to {@code /dev/log}: glibc's RFC 3164 form
 * {@code <PRI>Mmm dd hh:mm:ss ident: LOG<n>[id]: text}, PRI = facility * 8 + level, local time, day padded with a
 * space. stunnel opens syslog without {@code LOG_PID}, so there is no {@code [pid]} after the ident (seen on the
 * wire from stunnel 5.68: {@code <29>Nov 21 22:11:43 stunnel: LOG5[ui]: Terminated}). Immutable.
 */
public final class SyslogFormat {
    private static final String[] MONTHS =
        {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private final Facility facility;
    private final String ident;
    private final ZoneId zone;

    public SyslogFormat(Facility facility, String ident, ZoneId zone) {
        this.facility = facility;
        this.ident = ident;
        this.zone = zone;
    }

    public int priority(Severity severity) {
        return facility.code() * 8 + severity.level();
    }

    public String text(LogLine line) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(line.epochMillis()), zone);
        StringBuilder b = new StringBuilder(48 + line.id().length() + line.text().length());
        b.append('<').append(priority(line.severity())).append('>');
        b.append(MONTHS[t.getMonthValue() - 1]).append(' ');
        if (t.getDayOfMonth() < 10) {
            b.append(' ');
        }
        b.append(t.getDayOfMonth()).append(' ');
        b.append(String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
        b.append(' ').append(ident).append(": ");
        return LineFormat.appendTag(b, line).append(line.text()).toString();
    }

    public byte[] datagram(LogLine line) {
        return text(line).getBytes(StandardCharsets.UTF_8);
    }
}
