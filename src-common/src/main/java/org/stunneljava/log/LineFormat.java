package org.stunneljava.log;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * stunnel's text forms of a {@link LogLine}: the file/stderr line {@code YYYY.MM.DD HH:MM:SS LOG<n>[id]: text}
 * (local time), and the start-up dump line {@code [c] text}. Thread-safe; keeps the last formatted second
 * because consecutive lines almost always share it.
 */
public final class LineFormat {
    /** stunnel's start-up dump marks: {@code "***!:.  "[level]} in log.c. */
    private static final String MARKS = "***!:.  ";

    private final ZoneId zone;
    private volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

    private record Stamp(long epochSecond, String text) {
    }

    public LineFormat(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** {@code YYYY.MM.DD HH:MM:SS LOG<n>[id]: text}, without a line end. */
    public String line(LogLine line) {
        String stamp = stamp(line.epochMillis());
        StringBuilder b = new StringBuilder(stamp.length() + line.id().length() + line.text().length() + 12);
        b.append(stamp).append(' ');
        appendTag(b, line);
        return b.append(line.text()).toString();
    }

    /** Appends {@code LOG<n>[id]: }, the part syslog also gets. */
    static StringBuilder appendTag(StringBuilder b, LogLine line) {
        return b.append("LOG").append(line.severity().level()).append('[').append(line.id()).append("]: ");
    }

    /** {@code [c] text}: how stunnel prints buffered lines when start-up fails (no time, no id). */
    public static String startupLine(LogLine line) {
        return "[" + MARKS.charAt(line.severity().level()) + "] " + line.text();
    }

    /** {@code YYYY.MM.DD HH:MM:SS} in this format's zone. */
    public String stamp(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Stamp s = last;
        if (s.epochSecond() != second) {
            s = new Stamp(second, format(LocalDateTime.ofInstant(Instant.ofEpochSecond(second), zone)));
            last = s;
        }
        return s.text();
    }

    private static String format(LocalDateTime t) {
        StringBuilder b = new StringBuilder(19);
        b.append(t.getYear()).append('.');
        two(b, t.getMonthValue()).append('.');
        two(b, t.getDayOfMonth()).append(' ');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        return two(b, t.getSecond()).toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
