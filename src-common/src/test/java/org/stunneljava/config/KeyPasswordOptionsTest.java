package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.log.Severity;

@DisplayName("keyPasswordFile and keyPasswordEnv (stunnel-java extensions) give the password of encrypted keys")
class KeyPasswordOptionsTest {
    private static final String[] SERVICE = {"[s]", "client = yes", "accept = 1", "connect = 2"};

    @TempDir
    Path dir;
    Conf conf;
    EnvironmentVariables variables = EnvironmentVariables.of(Map.of("STUNNEL_PW", "from env", "EMPTY_PW", ""));

    @BeforeEach
    void conf() {
        conf = new Conf(dir);
    }

    private StunnelConfig load(String... lines) throws ConfigException {
        conf.write("stunnel.conf", lines);
        return ConfigLoader.load(dir.resolve("stunnel.conf"), conf.env().withVariables(variables));
    }

    private String lastError(String... lines) {
        conf.write("stunnel.conf", lines);
        List<String> errors = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(dir.resolve("stunnel.conf"), conf.env().withVariables(variables))).lines();
        return errors.getLast();
    }

    private KeyPassword password(String... lines) throws ConfigException {
        return Conf.only(load(lines)).tls().keyPassword();
    }

    private static String[] with(String... extra) {
        String[] all = new String[SERVICE.length + extra.length];
        System.arraycopy(SERVICE, 0, all, 0, SERVICE.length);
        System.arraycopy(extra, 0, all, SERVICE.length, extra.length);
        return all;
    }

    @Test
    void withoutTheOptionsThereIsNoPassword() throws ConfigException {
        assertEquals(KeyPassword.NONE, password(SERVICE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "newline         | secret\\n        | secret",
            "crlf            | secret\\r\\n     | secret",
            "no line end     | secret           | secret",
            "two lines       | first\\nsecond\\n | first",
            "spaces kept     | ' a b \\n'       | ' a b '",
            "empty file      | ''               | ''"})
    void theFileGivesItsFirstLineWithoutTheLineEnd(String name, String content, String expected) throws Exception {
        Files.writeString(dir.resolve("pw.txt"), content.replace("\\n", "\n").replace("\\r", "\r"),
                StandardCharsets.UTF_8);
        KeyPassword p = password(with("keyPasswordFile = pw.txt"));
        assertEquals(Optional.of(expected), p.password());
        assertEquals(Optional.of(dir.toAbsolutePath().resolve("pw.txt")), p.file(), "relative to the working dir");
    }

    @Test
    void theVariableGivesItsValueThroughTheConfigEnvironment() throws ConfigException {
        KeyPassword p = password(with("keyPasswordEnv = STUNNEL_PW"));
        assertEquals(Optional.of("from env"), p.password());
        assertEquals("keyPasswordEnv = STUNNEL_PW", p.source());
        assertEquals(Optional.of(""), password(with("keyPasswordEnv = EMPTY_PW")).password(), "set but empty");
    }

    @Test
    void namesAreCaseInsensitiveAsEveryStunnelOption() throws ConfigException {
        assertEquals(Optional.of("from env"), password(with("KEYPASSWORDENV = STUNNEL_PW")).password());
    }

    @Test
    void anUnsetVariableIsAnErrorAtTheOptionsLine() {
        assertEquals(conf.at(5, "keyPasswordEnv = NOPE", "Environment variable \"NOPE\" is not set"),
                lastError(with("keyPasswordEnv = NOPE")));
    }

    @Test
    void anInheritedUnsetVariableNamesTheGlobalLine() {
        assertEquals(conf.at(1, "keyPasswordEnv = NOPE", "Environment variable \"NOPE\" is not set"),
                lastError("keyPasswordEnv = NOPE", "[s]", "client = yes", "accept = 1", "connect = 2"));
    }

    @Test
    void aMissingFileIsAnErrorAtTheOptionsLine() {
        Path missing = dir.toAbsolutePath().resolve("missing.txt");
        assertEquals(conf.at(5, "keyPasswordFile = missing.txt", "Cannot read \"" + missing + "\": file not found"),
                lastError(with("keyPasswordFile = missing.txt")));
    }

    @Test
    void aDirectoryIsNoPasswordFile() throws Exception {
        Files.createDirectories(dir.resolve("d"));
        assertTrue(lastError(with("keyPasswordFile = d")).startsWith(conf.at(5, "keyPasswordFile = d",
                "Cannot read \"" + dir.toAbsolutePath().resolve("d") + "\": ")));
    }

    @Test
    void bothInOneSectionIsAnErrorAtTheSecondLine() throws Exception {
        Files.writeString(dir.resolve("pw.txt"), "x\n");
        String reason = "Only one of \"keyPasswordFile\" and \"keyPasswordEnv\" may be set";
        assertEquals(conf.at(6, "keyPasswordEnv = STUNNEL_PW", reason),
                lastError(with("keyPasswordFile = pw.txt", "keyPasswordEnv = STUNNEL_PW")));
        assertEquals(conf.at(6, "keyPasswordFile = pw.txt", reason),
                lastError(with("keyPasswordEnv = STUNNEL_PW", "keyPasswordFile = pw.txt")));
        assertEquals(conf.at(2, "keyPasswordFile = pw.txt", reason),
                lastError("keyPasswordEnv = STUNNEL_PW", "keyPasswordFile = pw.txt", "[s]"));
    }

    @Test
    void aSectionsOwnSourceReplacesTheInheritedOne() throws Exception {
        Files.writeString(dir.resolve("pw.txt"), "from file\n");
        StunnelConfig c = load("keyPasswordFile = pw.txt", "[a]", "client = yes", "accept = 1", "connect = 2",
                "keyPasswordEnv = STUNNEL_PW", "[b]", "client = yes", "accept = 3", "connect = 4");
        assertEquals(Optional.of("from env"), c.services().get(0).tls().keyPassword().password());
        assertEquals(Optional.of("from file"), c.services().get(1).tls().keyPassword().password());
    }

    @Test
    void anEmptyValueClearsTheInheritedOption() throws Exception {
        assertEquals(KeyPassword.NONE, password("keyPasswordEnv = STUNNEL_PW", "[s]", "client = yes", "accept = 1",
                "connect = 2", "keyPasswordEnv ="));
        assertEquals(KeyPassword.NONE, password("keyPasswordEnv = NOPE", "[s]", "client = yes", "accept = 1",
                "connect = 2", "keyPasswordEnv ="), "an unset variable that was cleared is never read");
    }

    @Test
    void theLastValueWins() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a\n");
        Files.writeString(dir.resolve("b.txt"), "b\n");
        assertEquals(Optional.of("b"), password(with("keyPasswordFile = a.txt", "keyPasswordFile = b.txt")).password());
    }

    @Test
    void aVariableNameWithAnEqualsSignIsRefused() {
        assertEquals(conf.at(5, "keyPasswordEnv = A=B", "Invalid environment variable name"),
                lastError(with("keyPasswordEnv = A=B")));
    }

    @Test
    void aPasswordFileOthersMayReadGetsStunnelsKeyFileWarning() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw.txt"), "x\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));
        StartupNotice warning = new StartupNotice(Severity.WARNING,
                "Insecure file permissions on " + dir.toAbsolutePath().resolve("pw.txt"));
        assertTrue(load(with("keyPasswordFile = pw.txt")).notices().contains(warning));
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        assertFalse(load(with("keyPasswordFile = pw.txt")).notices().contains(warning));
    }

    @Test
    void thePasswordNeverAppearsInToString() throws Exception {
        Files.writeString(dir.resolve("pw.txt"), "hunter2\n");
        ServiceConfig s = Conf.only(load(with("keyPasswordFile = pw.txt")));
        assertFalse(s.toString().contains("hunter2"), s.toString());
        assertTrue(s.tls().keyPassword().toString().contains("keyPasswordFile"));
    }
}
