package org.stunneljava.config;

import java.nio.file.Path;

/**
 * What loading a configuration depends on outside the file: name resolution, the TCP service names, and the
 * directory relative paths are resolved against (stunnel reads {@code cert}, {@code CAfile}, {@code include},
 * {@code pid}, {@code output} relative to its working directory).
 */
public record ConfigEnvironment(HostResolver resolver, ServiceNames serviceNames, Path workingDirectory) {

    public ConfigEnvironment {
        workingDirectory = workingDirectory.toAbsolutePath();
    }

    /** The JDK resolver, {@code /etc/services} and the process's working directory. */
    public static ConfigEnvironment system() {
        return new ConfigEnvironment(HostResolver.system(), ServiceNames.system(), Path.of(""));
    }
}
