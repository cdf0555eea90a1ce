package org.stunneljava.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.NotifySocket;
import org.stunneljava.testkit.RecordingLog;

/**
 * The launcher's side of daemon mode, with small shell scripts as the daemon: what a daemon prints on its standard
 * error while it starts is relayed, its exit code is the launcher's, a silent failure says where to look, and the
 * line carried in {@link DaemonChild#VARIABLE} ends the wait with 0 and hands the main PID to the daemon.
 */
class DaemonLaunchTest {
    @TempDir
    Path dir;
    Signals signals;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void install() {
        signals = Signals.install();
    }

    @AfterEach
    void restore() {
        signals.close();
    }

    private int launch(SystemdNotify notify, String script) {
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new DaemonLaunch(e, o, signals, notify).run(List.of(Capabilities.command("sh").toString(), "-c",
                script));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void StartUpErrorsAndTheExitCodeOfAFailedDaemonAreTheLaunchers() {
        int code = launch(SystemdNotify.to(Optional.empty(), new RecordingLog()),
                "echo '[!] Binding service [s] failed' >&2; exit 3");
        assertEquals(3, code);
        assertEquals("[!] Binding service [s] failed\n", stderr());
    }

    @Test
    void ASilentFailureSaysWhereToLook() {
        assertEquals(1, launch(SystemdNotify.to(Optional.empty(), new RecordingLog()), "exit 1"));
        assertTrue(stderr().contains("exited with code 1 before accepting connections: see its log"), stderr());
    }

    @Test
    void TheAcceptingLineEndsTheWaitAndTheDaemonBecomesTheMainProcess() throws Exception {
        try (NotifySocket systemd = NotifySocket.atPath(dir.resolve("notify"));
             SystemdNotify notify = SystemdNotify.to(Optional.of(systemd.variable()), new RecordingLog())) {
            long started = System.nanoTime();
            // prints a line of its own, then the marker, then leaves the pipes as a daemon does and keeps running
            int code = launch(notify, "echo hello; echo \"$STUNNEL_JAVA_DAEMON\"; exec sleep 60 </dev/null"
                    + " >/dev/null 2>&1");
            assertEquals(0, code);
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 30, "did not wait for the daemon");
            assertEquals("hello\n", out.toString(StandardCharsets.UTF_8));
            Map<String, String> ready = systemd.receive(Duration.ofSeconds(5));
            assertEquals("1", ready.get("READY"));
            ProcessHandle daemon = ProcessHandle.of(Long.parseLong(ready.get("MAINPID"))).orElseThrow();
            assertTrue(daemon.isAlive(), "the daemon runs on");
            assertTrue(daemon.info().command().orElse("").endsWith("sleep"), daemon.info().toString());
            daemon.destroy();
        }
    }

    @Test
    void ItsOwnCommandLineIsTheJavaBinaryAndEveryArgument() {
        List<String> command = DaemonLaunch.ownCommand().orElseThrow();
        assertEquals(ProcessHandle.current().info().command().orElseThrow(), command.getFirst());
        assertTrue(command.getFirst().endsWith("java"), command.toString());
        assertTrue(command.stream().anyMatch(a -> a.contains("--add-exports")), "JVM options are kept: " + command);
    }
}
