package org.stunneljava.config;

import java.util.List;

/**
 * {@code exec} and {@code execArgs}: the local program a server service runs per connection, its standard input
 * and output being the plaintext side.
 *
 * @param program the file to execute, as written
 * @param argv    {@code execArgs} split at whitespace (no quoting, as stunnel), else just the program; stunnel
 *                passes the first as {@code argv[0]}
 */
public record ExecCommand(String program, List<String> argv) {
    public ExecCommand {
        argv = List.copyOf(argv);
    }
}
