package org.stunneljava.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A whole validated stunnel.conf: the global options, every service of both modes in file order, what to log at
 * start-up, and the files and include directories it was read from (what a change watcher looks at).
 */
public record StunnelConfig(Path file, GlobalConfig global, List<ServiceConfig> services,
                            List<StartupNotice> notices, List<Path> sources) {
    public StunnelConfig {
        services = List.copyOf(services);
        notices = List.copyOf(notices);
        sources = List.copyOf(sources);
    }

    /** Read from {@code file} alone. */
    public StunnelConfig(Path file, GlobalConfig global, List<ServiceConfig> services, List<StartupNotice> notices) {
        this(file, global, services, notices, List.of(file));
    }

    /** The same configuration, read from {@code files}. */
    StunnelConfig readFrom(List<Path> files) {
        return new StunnelConfig(file, global, services, notices, files);
    }
}
