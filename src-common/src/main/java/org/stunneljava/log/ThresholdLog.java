package org.stunneljava.log;

/** A connection's {@link Log}: a fixed id and the threshold of its service. Immutable; owns nothing. */
final class ThresholdLog implements Log {
    private final LogSystem system;
    private final String id;
    private final Severity threshold;

    ThresholdLog(LogSystem system, String id, Severity threshold) {
        this.system = system;
        this.id = id;
        this.threshold = threshold;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean enabled(Severity severity) {
        return threshold.includes(severity);
    }


    @Override
    public void log(Severity severity, String text, Throwable thrown) {
        if (threshold.includes(severity)) {
            system.write(severity, id, text, thrown);
        }
    }
}
