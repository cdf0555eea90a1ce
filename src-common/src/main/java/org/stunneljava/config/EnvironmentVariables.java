package org.stunneljava.config;

import java.util.Map;
import java.util.Optional;

/**
 * The process environment as configuration loading sees it ({@code keyPasswordEnv} reads it), behind an interface so
 * that tests inject their own variables instead of changing the JVM's. Implementations are thread-safe.
 */
@FunctionalInterface
public interface EnvironmentVariables {
    /** The value of {@code name}; empty when it is not set (a variable set to "" is present and empty). */
    Optional<String> get(String name);

    /** The JVM's own environment. */
    static EnvironmentVariables system() {
        return name -> Optional.ofNullable(System.getenv(name));
    }

    /** Exactly these variables (a copy). */
    static EnvironmentVariables of(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return name -> Optional.ofNullable(copy.get(name));
    }
}
