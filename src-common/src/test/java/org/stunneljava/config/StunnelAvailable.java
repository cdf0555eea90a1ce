package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real stunnel on PATH for comparison tests. Without it a test is skipped on a developer machine, but
 * fails under {@code CI=true}: CI must never pass by skipping the comparison.
 */
final class StunnelAvailable {
    private StunnelAvailable() {
    }

    static Path require() {
        return require(System.getenv());
    }

    /** @param env the environment to read {@code PATH} and {@code CI} from */
    static Path require(Map<String, String> env) {
        Optional<Path> found = find(env.getOrDefault("PATH", ""));
        if (found.isEmpty()) {
            if ("true".equals(env.get("CI"))) {
                fail("stunnel is not installed, and CI=true requires the comparison with the real stunnel");
            }
            Assumptions.abort("stunnel is not installed: comparison with the real stunnel skipped");
        }
        return found.get();
    }

    private static Optional<Path> find(String path) {
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "stunnel");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
