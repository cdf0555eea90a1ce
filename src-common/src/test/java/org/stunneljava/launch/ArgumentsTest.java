package org.stunneljava.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The command line: stunnel's {@code [CONF] | -version | -help}, and our {@code -check [CONF]}. */
class ArgumentsTest {

    @ParameterizedTest
    @ValueSource(strings = {"-check", "--check"})
    void checkTakesTheFileToCheck(String flag) {
        Arguments a = Arguments.parse(new String[] {flag, "my.conf"});
        assertEquals(Arguments.Action.CHECK, a.action());
        assertEquals(Path.of("my.conf"), a.config());
    }

    @Test
    void checkAloneChecksStunnelsDefaultFile() {
        Arguments a = Arguments.parse(new String[] {"-check"});
        assertEquals(Arguments.Action.CHECK, a.action());
        assertEquals(Arguments.DEFAULT_CONFIG, a.config());
    }

    @Test
    void aFileIsStillRunAndTwoFilesAreAnError() {
        assertEquals(Arguments.Action.RUN, Arguments.parse(new String[] {"my.conf"}).action());
        assertEquals(Arguments.Action.ERROR, Arguments.parse(new String[] {"a.conf", "b.conf"}).action());
        assertEquals(Arguments.Action.ERROR, Arguments.parse(new String[] {"-check", "a.conf", "b.conf"}).action());
    }
}
