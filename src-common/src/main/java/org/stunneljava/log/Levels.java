package org.stunneljava.log;

import org.apache.logging.log4j.Level;

/**
 * stunnel's eight severities as log4j levels, so log4j filters and other layouts (such as a JSON one) see a
 * sensible level. The three syslog levels log4j lacks (emerg, alert, notice) are custom levels placed between
 * the standard ones; LOG&lt;n&gt; is always printed from the {@link Severity}, never from the log4j level.
 */
public final class Levels {
    public static final Level EMERG = Level.forName("EMERG", 50);
    public static final Level ALERT = Level.forName("ALERT", 75);
    public static final Level NOTICE = Level.forName("NOTICE", 350);

    private static final Level[] BY_SEVERITY =
        {EMERG, ALERT, Level.FATAL, Level.ERROR, Level.WARN, NOTICE, Level.INFO, Level.DEBUG};

    private Levels() {
    }

    public static Level of(Severity severity) {
        return BY_SEVERITY[severity.ordinal()];
    }

    /** The severity of a log4j level, for events that did not come through a {@link Log}. */
    public static Severity severityOf(Level level) {
        int v = level.intLevel();
        for (Severity s : Severity.values()) {
            if (v <= BY_SEVERITY[s.ordinal()].intLevel()) {
                return s;
            }
        }
        return Severity.DEBUG;
    }
}
