package org.stunneljava.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.stunneljava.config.GlobalConfig;
import org.stunneljava.config.GlobalConfig.Foreground;

class LogSettingsTest {
    private static GlobalConfig global(Foreground foreground) {
        return new GlobalConfig(foreground, Optional.empty(), Optional.of(Path.of("/var/log/stunnel.log")), true,
            Severity.INFO, Facility.LOCAL3);
    }

    @Test
    void only_foreground_yes_logs_to_stderr() {
        assertTrue(LogSettings.from(global(Foreground.YES)).stderrLines());
        assertFalse(LogSettings.from(global(Foreground.QUIET)).stderrLines());
        assertFalse(LogSettings.from(global(Foreground.NO)).stderrLines());
    }

    @Test
    void the_global_options_carry_over_with_stunnels_ident_and_dev_log() {
        LogSettings s = LogSettings.from(global(Foreground.YES));

        assertEquals(Optional.of(Path.of("/var/log/stunnel.log")), s.output());
        assertTrue(s.syslog());
        assertEquals(Severity.INFO, s.level());
        assertEquals(Facility.LOCAL3, s.facility());
        assertEquals("stunnel", s.ident());
        assertEquals(Path.of("/dev/log"), s.syslogSocket());
    }

    @Test
    void tests_can_point_syslog_at_their_own_socket() {
        Path socket = Path.of("/tmp/test-log");
        assertEquals(socket, LogSettings.from(global(Foreground.YES)).withSyslogSocket(socket).syslogSocket());
    }

    @Test
    void every_severity_maps_to_a_log4j_level_and_back() {
        for (Severity s : Severity.values()) {
            assertEquals(s, Levels.severityOf(Levels.of(s)));
        }
    }
}
