package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code reloadInterval}, {@code reloadOnChange} and {@code TIMEOUTdrain}: global options of ours. */
class ProcessControlOptionsTest {
    private static final String[] SERVICE = {"[s]", "client = yes", "accept = 1", "connect = 2"};

    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private ProcessControl control(String... global) throws ConfigException {
        List<String> lines = new java.util.ArrayList<>(List.of("foreground = yes"));
        lines.addAll(List.of(global));
        lines.addAll(List.of(SERVICE));
        return conf.load(lines.toArray(String[]::new)).global().control();
    }

    @Test
    void defaultsKeepStunnelsBehaviour() throws ConfigException {
        ProcessControl c = control();
        assertEquals(Duration.ZERO, c.reloadInterval());
        assertFalse(c.reloadOnChange());
        assertEquals(Duration.ZERO, c.drain(), "SIGTERM cuts connections at once, as in stunnel");
    }

    @Test
    void valuesAreReadCaseInsensitively() throws ConfigException {
        ProcessControl c = control("RELOADINTERVAL = 3600", "reloadonchange = yes", "timeoutDrain = 30");
        assertEquals(Duration.ofHours(1), c.reloadInterval());
        assertTrue(c.reloadOnChange());
        assertEquals(Duration.ofSeconds(30), c.drain());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "reloadInterval = -1 | Illegal reload interval",
            "reloadInterval = soon | Illegal reload interval",
            "TIMEOUTdrain = -5 | Illegal drain timeout",
            "reloadOnChange = maybe | The argument needs to be either 'yes' or 'no'"})
    void badValuesNameTheLine(String line, String error) {
        assertEquals(conf.at(2, line, error), conf.lastError("foreground = yes", line, "[s]"));
    }

    @Test
    void theyAreGlobalOnly() {
        assertEquals(conf.at(3, "TIMEOUTdrain = 5", "Specified option name is not valid here"),
                conf.lastError("foreground = yes", "[s]", "TIMEOUTdrain = 5"));
    }
}
