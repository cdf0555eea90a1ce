package org.stunneljava.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.stunneljava.config.ConfigEnvironment;
import org.stunneljava.config.HostResolver;
import org.stunneljava.config.ServiceNames;

/**
 * Test helper: runs the migration check on a file with no DNS (names ending in {@code .invalid} do not resolve,
 * every other name is loopback) and relative paths resolved against the file's directory; keeps what it printed.
 *
 * @param file  the main file as the check names it (its real path)
 * @param exit  the exit code the programs would return
 * @param lines what the check printed, line by line
 */
record CheckRun(Path file, int exit, List<String> lines) {
    static final HostResolver RESOLVER = host -> {
        if (host.endsWith(".invalid")) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getLoopbackAddress());
    };

    static CheckRun of(Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConfigEnvironment env = new ConfigEnvironment(RESOLVER, ServiceNames.parse(""), file.toAbsolutePath().getParent());
        int exit;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exit = MigrationCheck.run(file, env, out);
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            real = file;
        }
        return new CheckRun(real, exit, bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    /** Writes {@code dir/stunnel.conf} from the lines and checks it. */
    static CheckRun of(Path dir, String... lines) {
        try {
            return of(Files.writeString(dir.resolve("stunnel.conf"), String.join("\n", lines) + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What follows {@code FILE:LINE: } for that line of the main file, e.g. {@code exec: differs: ...}. */
    String at(int line) {
        String prefix = file + ":" + line + ": ";
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + line + " in:\n" + String.join("\n", lines)));
    }

    /** The verdict line of an option, when the file writes it once. */
    String verdict(String option) {
        List<String> found = lines.stream().filter(l -> l.startsWith(file + ":"))
                .map(l -> l.substring(l.indexOf(": ") + 2)).filter(l -> l.startsWith(option + ": ")).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " lines for " + option + " in:\n" + String.join("\n", lines));
        }
        return found.getFirst().substring(option.length() + 2);
    }

    /** The lines printed as the programs print the loader's error lines. */
    List<String> errors() {
        return lines.stream().filter(l -> l.startsWith("[!] ")).map(l -> l.substring(4)).toList();
    }

    String summary() {
        return lines.get(lines.size() - 2);
    }

    String conclusion() {
        return lines.getLast();
    }

    @Override
    public String toString() {
        return "exit " + exit + ":\n" + String.join("\n", lines);
    }
}
