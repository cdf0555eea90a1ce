package org.stunneljava.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link SignalProbe} as a real process and signals it, as a service manager would. */
class TerminationTest {
    private static final String STAMP = "\\d{4}\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d ";

    @TempDir
    Path dir;

    private Process probe;

    @AfterEach
    void kill() {
        if (probe != null) {
            probe.destroyForcibly();
        }
    }

    /** Starts the probe and returns its stdout lines up to {@code ready}. */
    private List<String> start(Path pidFile) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        probe = new ProcessBuilder(java.toString(), "--sun-misc-unsafe-memory-access=allow",
            "-cp", System.getProperty("java.class.path"), SignalProbe.class.getName(), pidFile.toString())
            .redirectError(dir.resolve("stderr").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        // Bounded by the probe: it prints "ready" or dies (end of stream), and @AfterEach kills it.
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
            if (line.equals("ready")) {
                return lines;
            }
        }
        throw new AssertionError("probe ended before it was ready: " + stderr());
    }

    private List<String> stderr() throws IOException {
        return Files.readAllLines(dir.resolve("stderr"), StandardCharsets.UTF_8);
    }

    private int exitCode() throws InterruptedException {
        assertTrue(probe.waitFor(20, TimeUnit.SECONDS), "the probe did not exit");
        return probe.exitValue();
    }

    @Test
    void sigterm_logs_terminated_removes_the_pid_file_and_exits_zero() throws Exception {
        Path pidFile = dir.resolve("probe.pid");
        start(pidFile);
        assertEquals(probe.pid() + "\n", Files.readString(pidFile));

        probe.destroy(); // SIGTERM

        assertEquals(0, exitCode());
        assertFalse(Files.exists(pidFile));
        List<String> err = stderr();
        assertTrue(err.get(0).matches(STAMP + "LOG5\\[ui\\]: probe starting"), err.toString());
        assertTrue(err.get(err.size() - 1).matches(STAMP + "LOG5\\[ui\\]: Terminated"), err.toString());
    }

    @Test
    void sigint_logs_received_sigint_and_exits_zero() throws Exception {
        Path pidFile = dir.resolve("probe.pid");
        List<String> out = start(pidFile);
        assumeFalse(out.contains("int-ignored"), "SIGINT is ignored in this environment (a background job)");

        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(probe.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));

        assertEquals(0, exitCode());
        assertFalse(Files.exists(pidFile));
        List<String> err = stderr();
        assertTrue(err.get(err.size() - 1).matches(STAMP + "LOG3\\[ui\\]: Received SIGINT; terminating"),
            err.toString());
    }
}
