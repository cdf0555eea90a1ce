package org.stunneljava.config;

import java.time.Duration;

/**
 * {@code TIMEOUTbusy}, {@code TIMEOUTconnect}, {@code TIMEOUTidle}, {@code TIMEOUTclose}: whole seconds, each
 * with stunnel's default and error message. A negative value is accepted as stunnel does, where it means "wait
 * forever" (its poll gets -1): it becomes {@link Timeouts#NO_LIMIT}.
 */
final class TimeoutOptions {
    private int busy = 300;     // TIMEOUTbusy: 5 minutes
    private int connect = 10;   // TIMEOUTconnect: 10 seconds
    private int idle = 43200;   // TIMEOUTidle: 12 hours
    private int close = 60;     // TIMEOUTclose: 1 minute

    TimeoutOptions copy() {
        TimeoutOptions c = new TimeoutOptions();
        c.busy = busy;
        c.connect = connect;
        c.idle = idle;
        c.close = close;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "TIMEOUTbusy" -> busy = seconds(value, "busy");
            case "TIMEOUTconnect" -> connect = seconds(value, "connect");
            case "TIMEOUTidle" -> idle = seconds(value, "idle");
            case "TIMEOUTclose" -> close = seconds(value, "close");
            default -> {
                return false;
            }
        }
        return true;
    }

    Timeouts build() {
        return new Timeouts(duration(busy), duration(connect), duration(idle), duration(close));
    }

    private static int seconds(String value, String which) throws OptionError {
        Integer n = Values.integer(value);
        if (n == null) {
            throw new OptionError("Illegal " + which + " timeout");
        }
        return n;
    }

    private static Duration duration(int seconds) {
        return seconds < 0 ? Timeouts.NO_LIMIT : Duration.ofSeconds(seconds);
    }
}
