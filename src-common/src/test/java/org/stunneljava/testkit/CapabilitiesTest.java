package org.stunneljava.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing peer program may skip a test on a developer machine, never in CI. */
class CapabilitiesTest {
    private static final String MISSING = "no-such-program-for-stunnel-java-tests";

    @Test
    void MissingProgramSkipsOutsideCi() {
        assertThrows(TestAbortedException.class, () -> Capabilities.command(MISSING, Map.of("PATH", "/nonexistent")));
    }

    @Test
    void MissingProgramFailsUnderCi() {
        assertThrows(AssertionError.class,
                () -> Capabilities.command(MISSING, Map.of("PATH", "/nonexistent", "CI", "true")));
    }

    @Test
    void ProgramsAreFoundOnPath() {
        assertEquals(Path.of("/bin/sh"), Capabilities.command("sh", Map.of("PATH", "/bin")));
    }
}
