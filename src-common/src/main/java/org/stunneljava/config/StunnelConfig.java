package org.stunneljava.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A whole validated stunnel.conf: the global options, every service of both modes in file order, and what to log
 * at start-up.
 */
public record StunnelConfig(Path file, GlobalConfig global, List<ServiceConfig> services,
                            List<StartupNotice> notices) {
    public StunnelConfig {
        services = List.copyOf(services);
        notices = List.copyOf(notices);
    }
}
