package org.stunneljava.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes stunnel.conf files for tests, with the preamble every test process needs (stunnel-behaviour.md "G"):
 * foreground, no syslog, info level so the {@code bound to} and {@code Accepting new connections} lines appear.
 */
public final class Confs {
    public static final String PREAMBLE = "foreground = yes\nsyslog = no\ndebug = info\n";

    private Confs() {
    }

    public static Path write(Path dir, String name, String services) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, PREAMBLE + services.stripIndent());
        return file;
    }
}
