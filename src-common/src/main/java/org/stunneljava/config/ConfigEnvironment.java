package org.stunneljava.config;

import java.nio.file.Path;

/**
 * What loading a configuration depends on outside the file: name resolution, the TCP service names, the
 * directory relative paths are resolved against (stunnel reads {@code cert}, {@code CAfile}, {@code include},
 * {@code pid}, {@code output} relative to its working directory), and the environment variables
 * ({@code keyPasswordEnv}).
 */
public record ConfigEnvironment(HostResolver resolver, ServiceNames serviceNames, Path workingDirectory,
                                EnvironmentVariables variables) {

    public ConfigEnvironment {
        workingDirectory = workingDirectory.toAbsolutePath();
    }

    /** With the process's own environment variables. */
    public ConfigEnvironment(HostResolver resolver, ServiceNames serviceNames, Path workingDirectory) {
        this(resolver, serviceNames, workingDirectory, EnvironmentVariables.system());
    }

    /** The JDK resolver, {@code /etc/services}, the process's working directory and environment. */
    public static ConfigEnvironment system() {
        return new ConfigEnvironment(HostResolver.system(), ServiceNames.system(), Path.of(""));
    }

    /** This environment with other variables (tests). */
    public ConfigEnvironment withVariables(EnvironmentVariables other) {
        return new ConfigEnvironment(resolver, serviceNames, workingDirectory, other);
    }
}
