package org.stunneljava.tls;

import java.util.List;

/**
 * A cipher and protocol setting that cannot be used, found while a service's TLS settings are built.
 * {@link #stunnelLines()} are the lines stunnel 5.68 prints for the same problem (before its
 * {@code Failed to initialize TLS context}); {@link #option()} is the option whose line the caller names;
 * {@link #getMessage()} says what is wrong and what is accepted.
 */
public final class PolicyException extends Exception {
    private final String option;
    private final List<String> stunnelLines;

    public PolicyException(String option, List<String> stunnelLines, String detail) {
        super(detail, null, false, false);
        this.option = option;
        this.stunnelLines = List.copyOf(stunnelLines);
    }

    /** The option to name with its file and line, or null when no single line is to blame. */
    public String option() {
        return option;
    }

    public List<String> stunnelLines() {
        return stunnelLines;
    }
}
