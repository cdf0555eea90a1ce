package org.stunneljava.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.stunneljava.config.StunnelConfig;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.process.PidFile;

/**
 * The pid file of one program. When one file holds services of both modes, each program inserts {@code .server} or
 * {@code .client} before the extension so the two never fight over it (DESIGN.md §1).
 */
final class ProcessFiles {
    private ProcessFiles() {
    }

    /** @return the pid file written, or empty when the configuration names none */
    static Optional<PidFile> start(StunnelConfig config, ModeSpec mode, Log log) throws StartupException {
        if (config.global().pid().isEmpty()) {
            return Optional.empty();
        }
        Path path = config.global().pid().get();
        if (bothModes(config)) {
            path = withInfix(path, mode.name());
            log.log(Severity.NOTICE, "The configuration holds services of both modes: this program's pid file is "
                    + path);
        }
        try {
            return Optional.of(PidFile.create(path, log));
        } catch (IOException e) {
            throw new StartupException(e.getMessage());
        }
    }

    private static boolean bothModes(StunnelConfig config) {
        return config.services().stream().anyMatch(s -> s.client())
                && config.services().stream().anyMatch(s -> !s.client());
    }

    static Path withInfix(Path file, String infix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String renamed = dot > 0 ? name.substring(0, dot) + "." + infix + name.substring(dot) : name + "." + infix;
        return file.resolveSibling(renamed);
    }
}
