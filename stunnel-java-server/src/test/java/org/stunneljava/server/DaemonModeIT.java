package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OurPrograms;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.ProcStatus;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * Daemon mode, stunnel's default ({@code foreground = no}, here by leaving {@code foreground} out): the command
 * returns 0 once the daemon runs; the daemon is another process, no longer the launcher's child, leader of its own
 * session, with {@code /dev/null} as standard input, output and error; it writes the pid file, relays, logs
 * {@code [main]} where it logged {@code [ui]} before, and SIGTERM stops it and removes the pid file. Run against the
 * real stunnel 5.68 with the same file too (stunnel-behaviour.md #44).
 */
class DaemonModeIT {
    private static final Pattern BOUND = Pattern.compile("Service \\[echo\\] \\(FD=\\d+\\) bound to .*:(\\d+)$");

    enum Program {
        OURS, STUNNEL;

        ManagedProcess start(Path conf) throws IOException {
            return this == OURS ? Programs.stunnelJava(Programs.Mode.SERVER, conf) : Programs.stunnel(conf);
        }
    }

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext tlsClient;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        tlsClient = JdkTls.client(pki, pki.client());
    }

    /** A daemon-mode file: no {@code foreground} line, absolute pid and log files. */
    private static Path conf(String name, int backend) throws IOException {
        return Files.writeString(dir.resolve(name + ".conf"), """
                syslog = no
                debug = debug
                output = %s
                pid = %s
                [echo]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                """.formatted(dir.resolve(name + ".log"), dir.resolve(name + ".pid"), backend, pki.serverPem()));
    }

    @ParameterizedTest
    @EnumSource(Program.class)
    void theLauncherReturnsZeroAndTheDaemonRunsOnItsOwn(Program program) throws Exception {
        String name = "daemon-" + program;
        Path pidFile = dir.resolve(name + ".pid");
        Path log = dir.resolve(name + ".log");
        Optional<ProcessHandle> daemon = Optional.empty();
        try (Backends echo = Backends.echo(); ManagedProcess launcher = program.start(conf(name, echo.port()))) {
            assertEquals(0, launcher.awaitExit(Programs.START), launcher.output());
            assertFalse(launcher.output().contains("[!]"), launcher.output());

            Poll.until(() -> pidOf(pidFile).isPresent(), Programs.START, "a pid in " + pidFile);
            long pid = pidOf(pidFile).orElseThrow();
            daemon = ProcessHandle.of(pid);
            assertTrue(daemon.isPresent() && daemon.get().isAlive(), "the daemon runs");
            assertNotEquals(launcher.pid(), pid);
            long parent = Long.parseLong(ProcStatus.of(pid).get("PPid"));
            assertNotEquals(launcher.pid(), parent, "reparented to init or the nearest subreaper");
            assertEquals(pid, ProcStatus.session(pid), "leader of a session of its own (setsid)");
            assertEquals(List.of("/dev/null", "/dev/null", "/dev/null"), ProcStatus.standardDescriptors(pid));

            int port = awaitPort(log);
            byte[] request = "to the daemon\n".getBytes();
            try (SSLSocket s = JdkTls.connect(tlsClient, port)) {
                s.getOutputStream().write(request);
                assertArrayEquals(request, s.getInputStream().readNBytes(request.length));
            }
            Poll.until(() -> read(log).contains("LOG6[main]: Accepting new connections"), Programs.START,
                    () -> "[main] once daemonized:\n" + read(log));
            assertTrue(Pattern.compile("LOG6\\[ui\\]: Service \\[echo\\] \\(FD=\\d+\\) bound to").matcher(read(log))
                    .find(), "configured and bound as [ui]:\n" + read(log));

            daemon.get().destroy(); // SIGTERM
            Poll.until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), Programs.START,
                    "the daemon " + pid + " to exit");
            assertFalse(Files.exists(pidFile), "the pid file is removed");
            assertTrue(read(log).contains("LOG5[main]: Terminated"), read(log));
        } finally {
            daemon.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aConfigurationErrorIsPrintedByTheLauncherWithExitCodeOne() throws Exception {
        Path conf = Files.writeString(dir.resolve("bad.conf"), """
                pid = %s
                [echo]
                accept = 127.0.0.1:0
                connect = 9
                cert = %s
                verify = 5
                """.formatted(dir.resolve("bad.pid"), pki.serverPem()));
        String output = OurPrograms.refusedAtStartUp(Programs.Mode.SERVER, conf);
        assertTrue(output.contains("[!] " + conf.toRealPath() + ":6: \"verify = 5\":"), output);
        assertFalse(Files.exists(dir.resolve("bad.pid")));
    }

    @Test
    void aDaemonThatCannotBindFailsTheLaunchAndSaysWhereToLook() throws Exception {
        try (Backends taken = Backends.echo()) {
            Path conf = Files.writeString(dir.resolve("taken.conf"), """
                    syslog = no
                    output = %s
                    pid = %s
                    [echo]
                    accept = 127.0.0.1:%d
                    connect = 9
                    cert = %s
                    """.formatted(dir.resolve("taken.log"), dir.resolve("taken.pid"), taken.port(), pki.serverPem()));
            try (ManagedProcess launcher = Programs.stunnelJava(Programs.Mode.SERVER, conf)) {
                assertEquals(1, launcher.awaitExit(Programs.START), launcher.output());
                assertTrue(launcher.output().contains("exited with code 1 before accepting connections"),
                        launcher.output());
            }
            assertTrue(Files.readString(dir.resolve("taken.log")).contains("Binding service [echo] failed"));
            assertFalse(Files.exists(dir.resolve("taken.pid")));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<Long> pidOf(Path pidFile) {
        try {
            String text = Files.readString(pidFile);
            return text.endsWith("\n") ? Optional.of(Long.parseLong(text.strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The port from the daemon's {@code bound to} line in its log file. */
    private static int awaitPort(Path log) throws InterruptedException {
        int[] port = {-1};
        Poll.until(() -> {
            try {
                for (String line : Files.readAllLines(log)) {
                    Matcher m = BOUND.matcher(line);
                    if (m.find()) {
                        port[0] = Integer.parseInt(m.group(1));
                        return true;
                    }
                }
            } catch (IOException e) {
                // not written yet
            }
            return false;
        }, Programs.START, "a bound to line in " + log);
        return port[0];
    }
}
