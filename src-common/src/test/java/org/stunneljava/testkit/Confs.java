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

    /**
     * Fixed {@code ticketKeySecret}/{@code ticketMacSecret} lines: servers that share them accept each other's
     * session tickets (stunnel's scenario 37: a restarted server, a fleet behind one name).
     */
    public static final String TICKET_SECRETS = """
            ticketKeySecret = 6c:4d:55:2c:c5:67:6e:5a:31:b7:7a:1e:98:1b:09:73:9b:29:f8:1d:e7:3a:8a:b5:44:0f:54:25:92:8d:e7:ca
            ticketMacSecret = 53:d7:bb:ba:1b:b6:86:ea:20:c6:69:0b:3e:0b:c1:6a:1a:e3:bb:63:0c:1d:2e:43:41:f3:dc:ad:20:3b:76:a7
            """;

    private Confs() {
    }

    public static Path write(Path dir, String name, String services) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, PREAMBLE + services.stripIndent());
        return file;
    }
}
