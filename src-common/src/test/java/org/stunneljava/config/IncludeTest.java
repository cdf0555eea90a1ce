package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code include = DIR}: every regular file, byte-wise name order, read in place (stunnel-behaviour.md row 28). */
class IncludeTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    @Test
    void FilesAreReadInByteWiseNameOrderAndMayOpenSections() throws ConfigException {
        conf.write("d/b.conf", "[b]", "client = yes", "accept = 2", "connect = 20");
        conf.write("d/A.conf", "[A]", "client = yes", "accept = 1", "connect = 10"); // 'A' < 'a' < 'b'
        conf.write("d/a.conf", "[a]", "client = yes", "accept = 3", "connect = 30");
        StunnelConfig c = conf.load("foreground = yes", "include = d");
        assertEquals(List.of("A", "a", "b"), c.services().stream().map(ServiceConfig::name).toList());
    }

    @Test
    void GlobalFileFirstThenServiceFiles() throws ConfigException {
        conf.write("d/00-global.conf", "foreground = yes", "output = log.txt");
        conf.write("d/01-one.conf", "[one]", "client = yes", "accept = 1", "connect = 2");
        StunnelConfig c = conf.load("include = d");
        assertEquals(dir.resolve("log.txt"), c.global().output().orElseThrow());
        assertEquals(List.of("Reading configuration from file " + conf.main(),
                "Reading configuration from file d/00-global.conf",
                "Reading configuration from file d/01-one.conf"), Conf.noticeTexts(c).subList(0, 3));
    }

    @Test
    void NextFileContinuesTheLastSectionOpened() throws ConfigException {
        conf.write("d/1.conf", "[s]", "client = yes", "accept = 1");
        conf.write("d/2.conf", "connect = 2");
        ServiceConfig s = Conf.only(conf.load("foreground = yes", "include = d"));
        assertEquals(List.of(new Endpoint.Tcp(null, 2)), s.connect());
        assertEquals(Path.of("d/2.conf"), s.origins().get("connect").file());
    }

    @Test
    void IncludeInsideASectionContinuesThatSection() throws ConfigException {
        conf.write("d/connect.conf", "connect = 2");
        ServiceConfig s = Conf.only(conf.load("[s]", "client = yes", "accept = 1", "include = d"));
        assertEquals(1, s.connect().size());
    }

    @Test
    void SubdirectoriesAreSkippedAndDotFilesIncluded() throws ConfigException {
        conf.write("d/sub/x.conf", "bogus");
        conf.write("d/.hidden", "[s]", "client = yes", "accept = 1", "connect = 2");
        assertEquals("s", Conf.only(conf.load("include = d")).name());
    }

    @Test
    void IncludedFilesIncludeFurtherDirectories() throws ConfigException {
        conf.write("d/1.conf", "include = e");
        conf.write("e/1.conf", "[deep]", "client = yes", "accept = 1", "connect = 2");
        assertEquals("deep", Conf.only(conf.load("include = d")).name());
    }

    @Test
    void MissingDirectoryFailsLikeScandir() {
        assertEquals(List.of("scandir: No such file or directory (2)",
                conf.at(1, "include = nodir", "Failed to include directory")), conf.error("include = nodir"));
    }

    @Test
    void ErrorInsideAnIncludedFileNamesBothLines() {
        conf.write("inc/01-one.conf", "[one]", "bogus");
        assertEquals(List.of("inc/01-one.conf:2: \"bogus\": No '=' found",
                conf.at(1, "include = inc", "Failed to include a file")), conf.error("include = inc"));
    }

    @Test
    void SectionErrorFoundWhileReadingAnIncludedFileIsWrappedToo() {
        conf.write("d/1.conf", "[second]");
        List<String> errors = conf.error("[first]", "client = yes", "include = d");
        assertEquals(List.of("Service [first]: Each service must define two endpoints",
                conf.at(3, "include = d", "Failed to include a file")), errors);
    }

    @Test
    void GlobalOptionInAnIncludedFileAfterASectionIsNotValid() {
        conf.write("d/1.conf", "pid = /run/x.pid");
        assertEquals("d/1.conf:1: \"pid = /run/x.pid\": Specified option name is not valid here",
                conf.error("[s]", "include = d").get(0));
    }

    @Test
    void IncludeIsResolvedAgainstTheWorkingDirectory() throws IOException, ConfigException {
        Path other = Files.createDirectories(dir.resolve("elsewhere"));
        conf.write("d/1.conf", "[s]", "client = yes", "accept = 1", "connect = 2");
        conf.write("elsewhere/main.conf", "include = d");
        StunnelConfig c = ConfigLoader.load(other.resolve("main.conf"), conf.env());
        assertTrue(c.services().size() == 1, "d is relative to the working directory, not to main.conf");
    }
}
