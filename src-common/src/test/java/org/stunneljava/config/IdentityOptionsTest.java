package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code setuid}/{@code setgid} as stunnel 5.68 parses them: a name from the user/group database first, then a
 * {@code strtol} number (low 32 bits), else {@code Illegal UID}/{@code Illegal GID} at the line (checked against
 * stunnel 5.68: {@code setuid = nobodyx}, {@code setgid = 12x} and {@code setgid = } are refused with these words,
 * {@code +5}, {@code " 7"} and {@code 99999999999} load). The global section's values are the process's, and every
 * section inherits them as the owner of its unix accept sockets unless it sets its own.
 */
class IdentityOptionsTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private StunnelConfig load(String... global) throws ConfigException {
        String[] lines = new String[global.length + 4];
        System.arraycopy(global, 0, lines, 0, global.length);
        System.arraycopy(new String[]{"[s]", "client = yes", "accept = 1", "connect = 2"}, 0, lines, global.length, 4);
        return conf.load(lines);
    }

    @Test
    void NamesAreLookedUpInTheUserAndGroupDatabases() throws ConfigException {
        // nobody/nogroup are 65534 on Debian and most Linux systems; root is 0 everywhere
        StunnelConfig c = load("foreground = yes", "setuid = nobody", "setgid = nogroup");
        assertEquals(new UserGroup(65534, 65534), c.global().runAs());
        assertEquals(new UserGroup(65534, 65534), Conf.only(c).socketOwner());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1234|1234", "+5|5", "' 7'|7", "99999999999|1215752191", "-1|-1"})
    void NumbersAreReadAsStrtolReadsThem(String value, int expected) throws ConfigException {
        assertEquals(expected, load("foreground = yes", "setuid = " + value).global().runAs().uid());
        assertEquals(expected, load("foreground = yes", "setgid = " + value).global().runAs().gid());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"setuid = nobodyx|Illegal UID", "setuid = 12x|Illegal UID",
            "setuid =|Illegal UID", "setgid = nogroupx|Illegal GID", "setgid = 0x10|Illegal GID"})
    void UnknownNamesAreErrorsAtTheirLine(String line, String reason) {
        String shown = line.endsWith("=") ? line + " " : line; // the raw line as written
        conf.write("stunnel.conf", "foreground = yes", shown, "[s]", "client = yes", "accept = 1", "connect = 2");
        assertEquals(conf.at(2, shown, reason), conf.lastError("foreground = yes", shown, "[s]", "client = yes",
                "accept = 1", "connect = 2"));
    }

    @Test
    void ASectionsOwnValuesSetOnlyItsSocketOwner() throws ConfigException {
        StunnelConfig c = conf.load("foreground = yes", "setgid = nogroup", "[a]", "client = yes", "accept = 1",
                "connect = 2", "setuid = daemon", "[b]", "client = yes", "accept = 3", "connect = 4");
        assertEquals(new UserGroup(0, 65534), c.global().runAs());
        assertEquals(new UserGroup(1, 65534), c.services().get(0).socketOwner());
        assertEquals(new UserGroup(0, 65534), c.services().get(1).socketOwner());
    }

    @Test
    void WithoutTheOptionsNothingChanges() throws ConfigException {
        StunnelConfig c = load("foreground = yes");
        assertEquals(UserGroup.NONE, c.global().runAs());
        assertFalse(c.global().runAs().isSet());
        assertEquals(UserGroup.NONE, Conf.only(c).socketOwner());
    }

    @Test
    void SetuidWithoutSetgidIsWarnedAboutWithItsLine() throws ConfigException {
        assertTrue(Conf.noticeTexts(load("foreground = yes", "setuid = nobody")).contains(conf.at(2,
                "setuid = nobody", "\"setuid\" without \"setgid\" keeps group ID 0 (root) and the supplementary"
                        + " groups, as stunnel does: add \"setgid\"")));
        assertFalse(Conf.noticeTexts(load("foreground = yes", "setuid = nobody", "setgid = nogroup")).stream()
                .anyMatch(t -> t.contains("without \"setgid\"")));
    }
}
