package org.stunneljava.config;

import java.time.Duration;

/** The global options of {@link ProcessControl}, with their defaults and errors in stunnel's style. */
final class ProcessControlOptions {
    static final String RELOAD_INTERVAL = "reloadInterval";
    static final String RELOAD_ON_CHANGE = "reloadOnChange";
    static final String DRAIN = "TIMEOUTdrain";

    private Duration reloadInterval = Duration.ZERO;
    private boolean reloadOnChange;
    private Duration drain = Duration.ZERO;

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case RELOAD_INTERVAL -> reloadInterval = seconds(value, "Illegal reload interval");
            case RELOAD_ON_CHANGE -> reloadOnChange = Values.yesNo(value);
            case DRAIN -> drain = seconds(value, "Illegal drain timeout");
            default -> {
                return false;
            }
        }
        return true;
    }

    ProcessControl build() {
        return new ProcessControl(reloadInterval, reloadOnChange, drain);
    }

    /** Whole seconds, 0 for off; a negative number is an error here (there is no "forever" to mean). */
    private static Duration seconds(String value, String error) throws OptionError {
        Integer n = Values.integer(value);
        if (n == null || n < 0) {
            throw new OptionError(error);
        }
        return Duration.ofSeconds(n);
    }
}
