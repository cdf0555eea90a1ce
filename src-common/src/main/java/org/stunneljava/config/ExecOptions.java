package org.stunneljava.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code exec} and {@code execArgs}. As in stunnel, {@code exec} sets the arguments to the program alone unless
 * {@code execArgs} came first, and a later {@code execArgs} replaces them.
 */
final class ExecOptions {
    private String program;
    private List<String> argv;

    ExecOptions copy() {
        ExecOptions c = new ExecOptions();
        c.program = program;
        c.argv = argv;
        return c;
    }

    boolean apply(String option, String value) {
        switch (option) {
            case "exec" -> {
                program = value;
                if (argv == null) {
                    argv = List.of(value);
                }
            }
            case "execArgs" -> argv = Arrays.stream(value.split("[ \\t]+")).filter(a -> !a.isEmpty()).toList();
            default -> {
                return false;
            }
        }
        return true;
    }

    boolean isEndpoint() {
        return program != null;
    }

    /**
     * What stunnel-java runs: a program per accepted connection of a server section. stunnel's other uses (TLS to a
     * local program in client mode; exec+connect without accept) are refused rather than run differently.
     */
    void check(boolean client, boolean hasAccept) throws OptionError {
        if (program == null) {
            return;
        }
        if (client) {
            throw new OptionError("\"exec\" is supported by stunnel-java in server sections only");
        }
        if (!hasAccept) {
            throw new OptionError("\"exec\" without \"accept\" (an exec+connect service) is not supported by"
                    + " stunnel-java");
        }
    }

    Optional<ExecCommand> build() {
        return program == null ? Optional.empty()
                : Optional.of(new ExecCommand(program, argv.isEmpty() ? List.of(program) : argv));
    }
}
