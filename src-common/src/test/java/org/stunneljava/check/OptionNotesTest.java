package org.stunneljava.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stunneljava.config.ConfigListing;
import org.stunneljava.config.ConfigListing.Status;

/**
 * The words stay true to the option table: a reason to refuse only for options the loader refuses, a reason for no
 * effect only for options accepted without effect, extensions and value rules only for supported options. When an
 * option moves (say setuid becomes supported), this test names the words to update.
 */
class OptionNotesTest {

    @Test
    void refusalReasonsAreForRefusedOptions() {
        assertStatus(OptionNotes.refusedNames(), Status.NOT_YET);
    }

    @Test
    void noEffectReasonsAreForOptionsWithoutEffect() {
        assertStatus(OptionNotes.noEffectNames(), Status.NO_EFFECT);
    }

    @Test
    void extensionsAndValueRulesAreForSupportedOptions() {
        assertStatus(OptionNotes.extensionNames(), Status.SUPPORTED);
        assertStatus(ValueRules.ruleNames(), Status.SUPPORTED);
    }

    @Test
    void theFileOptionsAreOptions() {
        OptionNotes.FILE_OPTIONS.forEach(o -> assertEquals(o, ConfigListing.option(o).orElseThrow().name()));
    }

    private static void assertStatus(Set<String> names, Status status) {
        assertTrue(!names.isEmpty());
        for (String name : names) {
            ConfigListing.KnownOption option = ConfigListing.option(name)
                    .orElseThrow(() -> new AssertionError(name + " is no option"));
            assertEquals(status, option.status(), name + ": the option table says " + option.status()
                    + "; update OptionNotes/ValueRules");
        }
    }
}
