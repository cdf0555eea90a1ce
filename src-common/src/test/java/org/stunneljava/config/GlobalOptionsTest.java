package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.config.GlobalConfig.Foreground;

/** Global options, options without effect, and stunnel options not supported yet. */
class GlobalOptionsTest {
    private static final String[] SERVICE = {"[s]", "client = yes", "accept = 1", "connect = 2"};

    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private StunnelConfig withService(String... global) throws ConfigException {
        List<String> lines = new java.util.ArrayList<>(List.of(global));
        lines.addAll(List.of(SERVICE));
        return conf.load(lines.toArray(String[]::new));
    }

    @Test
    void ForegroundSyslogPidAndOutput() throws ConfigException {
        GlobalConfig g = withService("foreground = quiet", "syslog = no", "pid = run/s.pid", "output = /var/log/s")
                .global();
        assertEquals(Foreground.QUIET, g.foreground());
        assertFalse(g.syslog());
        assertEquals(dir.resolve("run/s.pid"), g.pid().orElseThrow());
        assertEquals(Path.of("/var/log/s"), g.output().orElseThrow());
    }

    @Test
    void EmptyPidMeansNoPidFile() throws ConfigException {
        assertTrue(withService("foreground = yes", "pid = /run/a.pid", "pid =").global().pid().isEmpty());
    }

    @Test
    void RelativePidWhileDaemonizingIsRefused() {
        assertEquals(List.of("Global options: Pid file must include full path name"),
                conf.error("pid = rel.pid", "[s]"));
    }

    @Test
    void RelativeOutputWhileDaemonizingIsRefusedBeforeThePid() {
        assertEquals(List.of("Global options: Log file must include full path name"),
                conf.error("pid = rel.pid", "output = rel.log", "[s]"));
    }

    @Test
    void ForegroundNoAndAMissingForegroundAreDaemonModeWithoutANotice() throws ConfigException {
        StunnelConfig explicit = withService("foreground = no", "pid = /run/x.pid");
        assertEquals(Foreground.NO, explicit.global().foreground());
        assertEquals(Foreground.NO, withService().global().foreground());
        assertFalse(Conf.noticeTexts(explicit).stream().anyMatch(t -> t.contains("foreground")));
        assertFalse(Conf.noticeTexts(withService()).stream().anyMatch(t -> t.contains("foreground")));
    }

    @Test
    void OptionsWithoutEffectAreAcceptedWithOneNoticeEach() throws ConfigException {
        StunnelConfig c = conf.load("RNDbytes = 64", "RNDfile = /dev/urandom", "RNDoverwrite = no", "EGD = /x",
                "iconActive = a.ico", "iconError = e.ico", "iconIdle = i.ico", "taskbar = no", "stack = 65536",
                "RNDbytes = 128", "[s]", "client = yes", "accept = 1", "connect = 2", "stack = 1");
        List<String> noEffect = Conf.noticeTexts(c).stream().filter(t -> t.contains("has no effect")).toList();
        assertEquals(9, noEffect.size());
        assertEquals(conf.at(1, "RNDbytes = 64", "Option \"RNDbytes\" has no effect in stunnel-java (ignored)"),
                noEffect.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CAengine = id", "libwrap = no", "ident = x",
            "pty = yes", "sessiond = 1",
            "logId = unique", "reset = no", "service = name", "CAstore = x"})
    void RealStunnelOptionsWeLackAreErrorsThatSaySo(String line) {
        String name = line.substring(0, line.indexOf(' '));
        String canonical = OptionCatalog.find(name).orElseThrow().name();
        assertEquals(conf.at(5, line, "Option \"" + canonical + "\" is not supported yet"),
                conf.lastError("[s]", "client = yes", "accept = 1", "connect = 2", line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"log = overwrite", "compression = zlib", "engine = auto",
            "fips = no"})
    void GlobalOptionsWeLackAreErrorsThatSaySoInTheGlobalSection(String line) {
        String name = line.substring(0, line.indexOf(' '));
        assertEquals(conf.at(1, line, "Option \"" + name + "\" is not supported yet"), conf.lastError(line));
    }

    @Test
    void ChrootIsRefusedWithTheReasonAndWhatToUseInstead() {
        String error = conf.lastError("chroot = /var/empty");
        assertTrue(error.startsWith(conf.at(1, "chroot = /var/empty", "Option \"chroot\" is not supported: a JVM")),
                error);
        assertTrue(error.contains("RootDirectory=") && error.contains("ProtectSystem=strict")
                && error.contains("container"), error);
    }

    @Test
    void GlobalOptionWeLackIsStillNotValidInsideASection() {
        assertEquals(conf.at(2, "chroot = /var/empty", "Specified option name is not valid here"),
                conf.lastError("[s]", "chroot = /var/empty"));
    }

    @Test
    void OptionStunnelDoesNotHaveIsNotValidHere() {
        assertEquals(conf.at(1, "bogus = 1", "Specified option name is not valid here"), conf.lastError("bogus = 1"));
        assertEquals(conf.at(1, "= 1", "Specified option name is not valid here"), conf.lastError("= 1"));
    }
}
