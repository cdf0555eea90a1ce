package org.stunneljava.launch;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line, as stunnel reads it: {@code [CONF]}, or {@code -version}, {@code -help}; and ours,
 * {@code -check [CONF]} (the migration check, {@code check/MigrationCheck}). stunnel's default file is
 * {@code /etc/stunnel/stunnel.conf}.
 */
public record Arguments(Action action, Path config, Optional<String> error) {
    public enum Action { RUN, VERSION, HELP, CHECK, ERROR }

    public static final Path DEFAULT_CONFIG = Path.of("/etc/stunnel/stunnel.conf");

    public static Arguments parse(String[] args) {
        if (args.length == 0) {
            return new Arguments(Action.RUN, DEFAULT_CONFIG, Optional.empty());
        }
        if (args.length == 2 && isCheck(args[0])) {
            return new Arguments(Action.CHECK, Path.of(args[1]), Optional.empty());
        }
        if (args.length > 1) {
            return new Arguments(Action.ERROR, null, Optional.of("Too many arguments: expected one configuration file"));
        }
        return switch (args[0]) {
            case "-version", "--version" -> new Arguments(Action.VERSION, null, Optional.empty());
            case "-help", "--help", "-h" -> new Arguments(Action.HELP, null, Optional.empty());
            case "-check", "--check" -> new Arguments(Action.CHECK, DEFAULT_CONFIG, Optional.empty());
            default -> args[0].startsWith("-") && args[0].length() > 1
                    ? new Arguments(Action.ERROR, null, Optional.of("Unknown option: " + args[0]
                    + " (supported: CONF, -check CONF, -version, -help)"))
                    : new Arguments(Action.RUN, Path.of(args[0]), Optional.empty());
        };
    }

    private static boolean isCheck(String arg) {
        return arg.equals("-check") || arg.equals("--check");
    }
}
