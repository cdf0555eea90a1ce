package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw listing the migration check judges: every line where it is written, with the option table's word. */
class ConfigListingTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private ConfigListing read(String... lines) throws ConfigException {
        conf.write("stunnel.conf", lines);
        return ConfigListing.read(dir.resolve("stunnel.conf"), conf.env());
    }

    @Test
    void sectionsHoldTheirLinesInFileOrderWithWhereTheyAreWritten() throws ConfigException {
        ConfigListing listing = read("; comment", "foreground = yes", "[a]", "accept = 1", "SESSION = 60", "[b]",
                "nonesuch = 1");
        assertEquals(conf.main(), listing.file());
        assertEquals(3, listing.sections().size());
        ConfigListing.Section global = listing.sections().get(0);
        assertEquals(Optional.empty(), global.name());
        assertEquals(List.of("foreground"), global.lines().stream().map(ConfigListing.Line::key).toList());
        assertEquals(2, global.lines().getFirst().origin().line());
        assertTrue(global.lines().getFirst().option().orElseThrow().globalOnly());
        ConfigListing.Section a = listing.sections().get(1);
        assertEquals(Optional.of("a"), a.name());
        assertEquals(3, a.origin().orElseThrow().line());
        ConfigListing.Line session = a.lines().get(1);
        assertEquals("SESSION", session.key()); // as written; the option is named as stunnel spells it
        assertEquals(new ConfigListing.KnownOption("sessionCacheTimeout", false, ConfigListing.Status.SUPPORTED),
                session.option().orElseThrow());
        assertEquals(Optional.empty(), listing.sections().get(2).lines().getFirst().option());
    }

    @Test
    void includeLinesAreListedBeforeWhatTheyRead() throws ConfigException {
        conf.write("d/1.conf", "[a]", "accept = 1");
        conf.write("d/2.conf", "connect = 2");
        ConfigListing listing = read("foreground = yes", "include = d");
        ConfigListing.Line include = listing.sections().get(0).lines().get(1);
        assertEquals(List.of("include", "d", "2"), List.of(include.key(), include.value(),
                String.valueOf(include.origin().line())));
        assertEquals(List.of(Path.of("d/1.conf"), Path.of("d/2.conf")), listing.sections().get(1).lines().stream()
                .map(l -> l.origin().file()).toList());
    }

    @Test
    void theListingStopsWhereTheParserStops() throws ConfigException {
        ConfigListing listing = read("foreground = yes", "[a]", "accept = 1", "no equals sign", "connect = 2");
        assertEquals(List.of("accept"), listing.sections().get(1).lines().stream().map(ConfigListing.Line::key)
                .toList());
    }

    @Test
    void aMissingFileIsStunnelsError() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigListing.read(dir.resolve("none.conf"), conf.env()));
        assertEquals("realpath: No such file or directory (2)", e.lines().get(1));
    }

    @Test
    void tlsOptionNamesAreOpenSsl3s() {
        assertEquals(ConfigListing.TlsOptionName.KNOWN, ConfigListing.tlsOption("no_tlsv1"));
        assertEquals(ConfigListing.TlsOptionName.OBSOLETE, ConfigListing.tlsOption("SINGLE_DH_USE"));
        assertEquals(ConfigListing.TlsOptionName.UNKNOWN, ConfigListing.tlsOption("NO_SUCH"));
    }
}
