package org.stunneljava.log;

/**
 * Where one thread of work (the main thread, or one connection) writes its log lines, in stunnel's format and
 * with stunnel's level numbers. Cheap to call: {@link #enabled} is one comparison, so callers that build costly
 * text check it first. Owns nothing that needs closing; instances come from {@link StunnelLog} or a
 * {@link LogSystem}.
 */
public interface Log {

    /** The id printed between the brackets of {@code LOG5[id]}: {@code ui}, {@code main} or a connection id. */
    String id();

    /** Whether a message of this severity passes this log's threshold (the service's {@code debug} level). */
    boolean enabled(Severity severity);

    /** Logs one line; the text is cleaned as stunnel does (non-printable ASCII to '.', cut at 1024 bytes). */
    default void log(Severity severity, String text) {
        log(severity, text, null);
    }

    /**
     * Logs one line followed by the stack trace of {@code thrown}, if not null (in the file and on stderr; syslog
     * gets the line only). Only for unexpected errors: expected failures are one line, as in stunnel.
     */
    void log(Severity severity, String text, Throwable thrown);
}
