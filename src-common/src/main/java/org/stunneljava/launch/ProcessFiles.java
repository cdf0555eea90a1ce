package org.stunneljava.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.stunneljava.config.StunnelConfig;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * The pid file. When one file holds services of both modes, each program inserts {@code .server} or {@code .client}
 * before the extension so the two never fight over it (DESIGN.md §1).
 */
final class ProcessFiles {
    private final Optional<Path> pid;

    private ProcessFiles(Optional<Path> pid) {
        this.pid = pid;
    }

    static ProcessFiles start(StunnelConfig config, ModeSpec mode, Log log) throws StartupException {
        Optional<Path> pid = config.global().pid().map(p -> bothModes(config) ? withInfix(p, mode.name()) : p);
        if (pid.isPresent() && bothModes(config)) {
            log.log(Severity.NOTICE, "The file holds services of both modes: pid file " + pid.get());
        }
        if (pid.isPresent()) {
            try {
                Files.writeString(pid.get(), ProcessHandle.current().pid() + "\n");
            } catch (IOException e) {
                throw new StartupException("Cannot create pid file " + pid.get() + ": " + e.getMessage());
            }
        }
        return new ProcessFiles(pid);
    }

    void remove() {
        pid.ifPresent(p -> {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // exiting anyway
            }
        });
    }

    private static boolean bothModes(StunnelConfig config) {
        return config.services().stream().anyMatch(s -> s.client())
                && config.services().stream().anyMatch(s -> !s.client());
    }

    static Path withInfix(Path file, String infix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String renamed = dot > 0 ? name.substring(0, dot) + "." + infix + name.substring(dot)
                : name + "." + infix;
        return file.resolveSibling(renamed);
    }
}
