package org.stunneljava.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ConfigLoader;
import org.stunneljava.config.GlobalConfig;
import org.stunneljava.testkit.Json;

/**
 * {@code logFormat = json}, as the sample {@code conf/monitored-server.conf} sets it: every line on stderr and in
 * the {@code output} file is one JSON object with the time, level, connection id and message.
 */
class JsonLinesTest {
    private static final Clock BERLIN = Clock.fixed(Instant.parse("2026-11-21T22:11:43.250Z"),
            ZoneId.of("Europe/Berlin"));

    @TempDir
    Path dir;

    private final LogSystem system = new LogSystem();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        system.close();
    }

    private List<Map<String, Object>> stderrObjects() {
        return stderr.toString(StandardCharsets.UTF_8).lines().map(Json::object).toList();
    }

    @Test
    void theSampleConfLoadsAndItsLinesAreJsonWithTimeLevelIdAndMessage() throws Exception {
        GlobalConfig global = ConfigLoader.load(sample()).global();
        assertEquals(LogFormat.JSON, global.logFormat());
        system.reconfigure(LogSettings.from(global).withStderr(stderr).withClock(BERLIN));

        system.global().log(Severity.NOTICE, "Configuration successful");
        system.forConnection("42", Severity.INFO).log(Severity.INFO,
                "Service [https] accepted connection from 127.0.0.1:5555 \"quoted\"\tand tabbed \\ back");
        system.forConnection("42", Severity.INFO).log(Severity.DEBUG, "below the service's level: not written");
        system.close();

        assertEquals(List.of(
                Map.of("time", "2026-11-21T23:11:43.250+01:00", "level", "notice", "severity", 5L, "id", "ui",
                        "message", "Configuration successful"),
                Map.of("time", "2026-11-21T23:11:43.250+01:00", "level", "info", "severity", 6L, "id", "42",
                        "message", LogText.clean("Service [https] accepted connection from 127.0.0.1:5555"
                                + " \"quoted\"\tand tabbed \\ back"))),
                stderrObjects());
    }

    @Test
    void anUnexpectedErrorCarriesItsStackTrace() throws Exception {
        system.reconfigure(LogSettings.from(ConfigLoader.load(sample()).global()).withStderr(stderr)
                .withClock(BERLIN));

        system.forConnection("7", Severity.NOTICE).log(Severity.ERR, "INTERNAL ERROR: boom",
                new IllegalStateException("boom"));
        system.close();

        Map<String, Object> line = stderrObjects().getFirst();
        assertEquals("err", line.get("level"));
        assertEquals("7", line.get("id"));
        assertTrue(((String) line.get("stack")).startsWith("java.lang.IllegalStateException: boom\n\tat "),
                line.toString());
    }

    @Test
    void theOutputFileGetsJsonLinesToo() throws IOException {
        Path file = dir.resolve("stunnel.json");
        system.reconfigure(new LogSettings(false, Optional.of(file), false, Severity.NOTICE, Facility.DAEMON,
                "stunnel", dir.resolve("no-syslog"), stderr, s -> { }, BERLIN, LogFormat.JSON));

        system.forConnection("3", Severity.NOTICE).log(Severity.NOTICE,
                "Connection closed: 12 byte(s) sent to TLS, 34 byte(s) sent to socket");
        system.close();

        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size());
        assertEquals("Connection closed: 12 byte(s) sent to TLS, 34 byte(s) sent to socket",
                Json.object(lines.getFirst()).get("message"));
        assertEquals("", stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void controlCharactersAreEscaped() {
        String quoted = JsonText.quote("a\u0001b\u2028c\"d\\e\nf");
        assertEquals("\"a\\u0001b\\u2028c\\\"d\\\\e\\nf\"", quoted);
        assertEquals("a\u0001b\u2028c\"d\\e\nf", Json.parse(quoted));
    }

    /** The repository's {@code conf/monitored-server.conf}, found from the module directory the test runs in. */
    static Path sample() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("conf/monitored-server.conf");
            if (Files.isRegularFile(f) && Files.isDirectory(d.resolve("src-common"))) {
                return f;
            }
        }
        throw new AssertionError("conf/monitored-server.conf not found above " + Path.of("").toAbsolutePath());
    }
}
