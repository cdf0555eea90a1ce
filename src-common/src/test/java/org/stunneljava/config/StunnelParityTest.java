package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stunneljava.testkit.Capabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real stunnel on the same bad files and compares its error lines (the {@code [!]} lines just before
 * {@code Configuration failed}) with ours, for every bad configuration where stunnel has the same message. Every
 * file here fails while stunnel parses it, so nothing is bound or connected.
 */
@Tag("e2e")
class StunnelParityTest {
    private static final String FAILED = "[!] Configuration failed";

    @TempDir
    Path dir;

    static Stream<ParityCases.Case> cases() {
        return ParityCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void SameErrorLinesAsStunnel(ParityCases.Case c) throws Exception {
        Path stunnel = Capabilities.command("stunnel");
        Conf conf = new Conf(dir);
        c.extraFiles().forEach(conf::write);
        conf.writeBytes("stunnel.conf", c.content());
        List<String> ours = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(dir.resolve("stunnel.conf"), conf.env())).lines();
        List<String> theirs = stunnelErrors(stunnel, "stunnel.conf");
        assertTrue(theirs.size() >= ours.size(), () -> "stunnel printed " + theirs + ", we print " + ours);
        assertEquals(ours, theirs.subList(theirs.size() - ours.size(), theirs.size()));
    }

    @org.junit.jupiter.api.Test
    void SameErrorLinesAsStunnelForAMissingFile() throws Exception {
        Path stunnel = Capabilities.command("stunnel");
        List<String> ours = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Path.of("missing.conf"), new Conf(dir).env())).lines();
        List<String> theirs = errorLines(run(stunnel, "missing.conf"));
        assertEquals(ours, theirs.subList(theirs.size() - ours.size(), theirs.size()));
    }

    /** The {@code [!]} lines before {@code Configuration failed}, without the prefix. */
    private List<String> stunnelErrors(Path stunnel, String file) throws IOException, InterruptedException {
        List<String> out = run(stunnel, file);
        int end = out.indexOf(FAILED);
        assertTrue(end >= 0, () -> "stunnel did not fail while loading:\n" + String.join("\n", out));
        return errorLines(out.subList(0, end));
    }

    private static List<String> errorLines(List<String> out) {
        return out.stream().filter(l -> l.startsWith("[!] ")).map(l -> l.substring(4)).toList();
    }

    private List<String> run(Path stunnel, String file) throws IOException, InterruptedException {
        // a file, not a pipe: no reader thread needed, and the working directory stays as the case made it
        Path log = Files.createTempFile("stunnel-parity", ".log");
        try {
            Process p = new ProcessBuilder(stunnel.toString(), file).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("stunnel did not stop within 10 s: it must fail while loading");
                }
            } finally {
                p.destroyForcibly();
            }
            return new ArrayList<>(List.of(Files.readString(log, StandardCharsets.UTF_8).split("\n")));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
