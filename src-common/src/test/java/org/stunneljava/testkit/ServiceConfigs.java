package org.stunneljava.testkit;

import java.nio.file.Path;
import org.stunneljava.config.ConfigEnvironment;
import org.stunneljava.config.ConfigLoader;
import org.stunneljava.config.EnvironmentVariables;
import org.stunneljava.config.ServiceConfig;

/**
 * Builds a validated {@link ServiceConfig} the way the programs do, through {@link ConfigLoader}, from the text of
 * a stunnel.conf, so an in-process test configures a service exactly as a user would.
 */
public final class ServiceConfigs {
    private ServiceConfigs() {
    }

    /** Writes {@code text} (after {@link Confs#PREAMBLE}) to {@code dir/<service>.conf} and returns [service]. */
    public static ServiceConfig load(Path dir, String service, String text) throws Exception {
        return load(dir, service, text, EnvironmentVariables.system());
    }

    /** As {@link #load(Path, String, String)}, with these environment variables instead of the JVM's. */
    public static ServiceConfig load(Path dir, String service, String text, EnvironmentVariables variables)
            throws Exception {
        Path file = Confs.write(dir, service + ".conf", text);
        return ConfigLoader.load(file, ConfigEnvironment.system().withVariables(variables)).services().stream()
                .filter(s -> s.name().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("no [" + service + "] in " + file));
    }
}
