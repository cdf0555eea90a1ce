package org.stunneljava.tls.ocsp;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** stunnel 5.75's {@code log_time} format for OCSP times: local time, {@code YYYY.MM.DD HH:MM:SS}. */
final class OcspTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy.MM.dd HH:mm:ss");

    private OcspTime() {
    }

    static String format(Instant t) {
        return FORMAT.format(t.atZone(ZoneId.systemDefault()));
    }
}
