package org.stunneljava.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.testkit.Capabilities;

/**
 * The systemd units in {@code conf/} are tested artifacts (STYLE.md 11): their keys say what the README promises
 * (Type=notify, reload by SIGHUP, one capability, the file-system sandbox), {@code systemd-analyze verify} accepts
 * them without a single warning (with ExecStart pointed at this checkout's launcher script), and
 * {@code systemd-analyze security} rates their exposure "OK" or better.
 */
@Tag("e2e")
class SystemdUnitsTest {
    @TempDir
    Path dir;

    /** Section name -> key -> every value given (a key may repeat). */
    static Map<String, Map<String, List<String>>> parse(Path unit) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String line : Files.readAllLines(unit)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith(";")) {
                continue;
            }
            if (text.startsWith("[") && text.endsWith("]")) {
                current = sections.computeIfAbsent(text.substring(1, text.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = text.indexOf('=');
            assertTrue(current != null && eq > 0, unit + ": not KEY=VALUE in a section: " + line);
            current.computeIfAbsent(text.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(text.substring(eq + 1).strip());
        }
        return sections;
    }

    private static String only(Map<String, List<String>> section, String key) {
        List<String> values = section.getOrDefault(key, List.of());
        assertEquals(1, values.size(), key + " = " + values);
        return values.getFirst();
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "client"})
    void theUnitSaysWhatTheReadmePromises(String mode) throws IOException {
        Map<String, Map<String, List<String>>> unit = parse(unitFile(mode));
        assertEquals(List.of("Unit", "Service", "Install"), List.copyOf(unit.keySet()));
        Map<String, List<String>> service = unit.get("Service");
        assertEquals("notify", only(service, "Type"));
        assertEquals("/bin/kill -HUP $MAINPID", only(service, "ExecReload"));
        String start = only(service, "ExecStart");
        assertTrue(start.matches("/opt/stunnel-java/stunnel-java-" + mode + "/bin/stunnel-java-" + mode
                + " /etc/stunnel/\\S+\\.conf"), start);
        assertTrue(Files.isExecutable(repository().resolve(start.substring("/opt/stunnel-java/".length(),
                start.indexOf(' ')))), "the launcher script ExecStart names is in this checkout");
        assertEquals("CAP_NET_BIND_SERVICE", only(service, "CapabilityBoundingSet"));
        assertEquals("CAP_NET_BIND_SERVICE", only(service, "AmbientCapabilities"));
        for (String key : List.of("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices",
                "ProtectKernelTunables", "ProtectKernelModules", "ProtectControlGroups", "RestrictNamespaces",
                "RestrictSUIDSGID", "LockPersonality")) {
            assertEquals("yes", only(service, key), key);
        }
        assertEquals("strict", only(service, "ProtectSystem"));
        assertEquals("no", only(service, "MemoryDenyWriteExecute"), "the JIT writes and runs code");
        assertEquals("stunnel-java", only(service, "User"));
        assertEquals("multi-user.target", only(unit.get("Install"), "WantedBy"));
        assertFalse(service.containsKey("RootDirectory"), "chroot-like confinement needs a prepared tree");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "client"})
    void systemdAcceptsTheUnitWithoutAWarningAndRatesItsExposureOk(String mode) throws Exception {
        Path analyze = Capabilities.command("systemd-analyze");
        Path unit = dir.resolve("stunnel-java-" + mode + ".service");
        String text = Files.readString(unitFile(mode)).replace("ExecStart=/opt/stunnel-java/",
                "ExecStart=" + repository() + "/");
        Files.writeString(unit, text);

        Run verify = run(analyze.toString(), "verify", unit.toString());
        assertEquals(0, verify.code(), verify.output());
        assertEquals("", verify.output(), "no warning from systemd-analyze verify");

        Run security = run(analyze.toString(), "security", "--offline=yes", unit.toString());
        Matcher level = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d) (\\S+)")
                .matcher(security.output());
        assertTrue(level.find(), security.output());
        assertTrue(Double.parseDouble(level.group(1)) <= 4.0, "exposure " + level.group(1) + " " + level.group(2));
    }

    private record Run(int code, String output) {
    }

    private static Run run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return new Run(p.exitValue(), output.strip());
    }

    private static Path unitFile(String mode) {
        return repository().resolve("conf").resolve("stunnel-java-" + mode + ".service");
    }

    /** The checkout, found from the module directory the test runs in. */
    static Path repository() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("conf")) && Files.isDirectory(d.resolve("src-common"))) {
                return d;
            }
        }
        throw new AssertionError("the checkout's conf/ not found above " + Path.of("").toAbsolutePath());
    }

    /** Every unit in conf/ is one of the two tested here. */
    @org.junit.jupiter.api.Test
    void everyUnitInConfIsTested() throws IOException {
        try (Stream<Path> files = Files.list(repository().resolve("conf"))) {
            assertEquals(List.of("stunnel-java-client.service", "stunnel-java-server.service"),
                    files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".service")).sorted()
                            .toList());
        }
    }
}
