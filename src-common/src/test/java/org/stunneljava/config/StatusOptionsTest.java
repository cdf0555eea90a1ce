package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.log.LogFormat;

/** The global {@code status} and {@code logFormat} options (our extensions). */
class StatusOptionsTest {
    private static final String[] SERVICE = {"[s]", "client = yes", "accept = 1", "connect = 2"};

    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private GlobalConfig global(String... lines) throws ConfigException {
        List<String> all = new java.util.ArrayList<>(List.of("foreground = yes"));
        all.addAll(List.of(lines));
        all.addAll(List.of(SERVICE));
        return conf.load(all.toArray(String[]::new)).global();
    }

    @Test
    void OffByDefaultWithStunnelLines() throws ConfigException {
        GlobalConfig g = global();
        assertEquals(Optional.empty(), g.status());
        assertEquals(LogFormat.STUNNEL, g.logFormat());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "status = 9100              | 9100 |            ",
            "status = 0                 | 0    |            ",
            "status = 0.0.0.0:9100      | 9100 | 0.0.0.0    ",
            "status = localhost:09100   | 9100 | localhost  ",
            "status = ::1:9100          | 9100 | ::1        ",
            "STATUS = [::1]:9100        | 9100 | ::1        "})
    void TcpAddressesSplitAtTheLastColonWithLoopbackForABarePort(String line, int port, String host)
            throws ConfigException {
        assertEquals(Optional.of(new Endpoint.Tcp(host, port)), global(line).status());
    }

    @Test
    void UnixSocketPath() throws ConfigException {
        assertEquals(Optional.of(new Endpoint.Unix(Path.of("/run/stunnel-java/status.sock"))),
                global("status = /run/stunnel-java/status.sock").status());
    }

    @Test
    void EmptyValueTurnsItOffAgainAndTheLastLineWins() throws ConfigException {
        assertEquals(Optional.empty(), global("status = 9100", "status =").status());
        assertEquals(Optional.of(new Endpoint.Tcp(null, 9200)), global("status = 9100", "status = 9200").status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "status = 65536     | Invalid port \"65536\": ports are 0-65535",
            "status = http      | Invalid port \"http\": a number 0-65535 is needed",
            "status = host:     | Invalid port \"\": a number 0-65535 is needed",
            "status = :9100     | Error resolving \"\": Neither nodename nor servname known (EAI_NONAME)",
            "logFormat = xml    | The argument needs to be either 'stunnel' or 'json'"})
    void BadValuesAreErrorsNamingFileAndLine(String line, String reason) {
        assertEquals(conf.at(2, line, reason), conf.lastError("foreground = yes", line, "[s]"));
    }

    @Test
    void TooLongUnixPathIsRefused() {
        String line = "status = /" + "x".repeat(107);
        assertEquals(conf.at(1, line, "Unix socket path is too long"), conf.lastError(line, "[s]"));
    }

    @ParameterizedTest
    @CsvSource({"status = 9100", "logFormat = json"})
    void GlobalOnlyInsideASectionIsNotValidHere(String line) {
        assertEquals(conf.at(2, line, "Specified option name is not valid here"), conf.lastError("[s]", line));
    }

    @Test
    void JsonLinesCaseInsensitive() throws ConfigException {
        assertEquals(LogFormat.JSON, global("logformat = JSON").logFormat());
        assertEquals(LogFormat.STUNNEL, global("logFormat = json", "logFormat = stunnel").logFormat());
    }

    @Test
    void StatusOriginIsKeptForStartUpErrors() throws ConfigException {
        assertEquals(2, global("status = 9100").origins().get("status").line());
    }
}
