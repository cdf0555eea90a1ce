package org.stunneljava.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The operator scripts in the repository's {@code iptables/} directory, found from the test's working directory. */
public final class IptablesScripts {
    private IptablesScripts() {
    }

    public static Path path(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("iptables").resolve(name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("iptables/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
