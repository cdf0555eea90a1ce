package org.stunneljava.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards for tests that need something outside the JVM (a peer program, root, a kernel feature). Locally a
 * missing capability skips the test; under CI ({@code CI=true}) it fails it, so a green CI run means it ran.
 */
public final class Capabilities {
    private Capabilities() {
    }

    public static boolean underCi() {
        return underCi(System.getenv());
    }

    private static boolean underCi(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.get("CI"));
    }

    /** Skips (or, under CI, fails) unless the condition holds. */
    public static void require(boolean condition, String what) {
        require(condition, what, System.getenv());
    }

    static void require(boolean condition, String what, Map<String, String> env) {
        if (underCi(env) && !condition) {
            throw new AssertionError("CI=true but " + what + " is not available; the test must run in CI");
        }
        Assumptions.assumeTrue(condition, what + " is not available");
    }

    /** @return the absolute path of a program found on PATH (or /usr/sbin, /sbin), after {@link #require}. */
    public static Path command(String name) {
        return command(name, System.getenv());
    }

    static Path command(String name, Map<String, String> env) {
        Path found = find(name, env);
        require(found != null, "the program '" + name + "'", env);
        return found;
    }

    public static Path find(String name) {
        return find(name, System.getenv());
    }

    private static Path find(String name, Map<String, String> env) {
        String path = env.getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
