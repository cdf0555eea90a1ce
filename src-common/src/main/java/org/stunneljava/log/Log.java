package org.stunneljava.log;

/** TEMPORARY contract until the logging branch lands: a stunnel-format logger with a threshold and an id. */
public interface Log {
    boolean enabled(Severity severity);

    void log(Severity severity, String text);

    void log(Severity severity, String text, Throwable error);
}
