package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The comparison with the real stunnel may be skipped on a developer machine, never in CI. */
class StunnelAvailableTest {
    @Test
    void MissingStunnelSkipsOutsideCi() {
        assertThrows(TestAbortedException.class, () -> StunnelAvailable.require(Map.of("PATH", "/nonexistent")));
    }

    @Test
    void MissingStunnelFailsUnderCi() {
        assertThrows(AssertionFailedError.class,
                () -> StunnelAvailable.require(Map.of("PATH", "/nonexistent", "CI", "true")));
    }
}
