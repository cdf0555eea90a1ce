package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.NotifySocket;
import org.stunneljava.testkit.OurPrograms;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * The built server program under systemd's protocols, with the test in systemd's place: readiness and stopping
 * notifications over {@code NOTIFY_SOCKET} (a datagram socket bound to a path or to an abstract name), the
 * main-PID hand-over of a daemonizing launch, and the refusal of socket activation.
 */
class SystemdIT {
    private static final Duration WAIT = Programs.START;

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private static NotifySocket systemd(String kind) throws Exception {
        return kind.equals("path") ? NotifySocket.atPath(dir.resolve("notify-" + System.nanoTime()))
                : NotifySocket.abstractName();
    }

    @ParameterizedTest
    @ValueSource(strings = {"path", "abstract"})
    void readyOnceAcceptingAndStoppingOnSigterm(String kind) throws Exception {
        try (Backends echo = Backends.echo(); NotifySocket systemd = systemd(kind)) {
            Path conf = OurPrograms.serverConf(dir, "", "notify-" + kind, echo.port(), pki.serverPem(), "");
            try (ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, conf,
                    Map.of("NOTIFY_SOCKET", systemd.variable()))) {
                Map<String, String> ready = systemd.awaitField("READY", WAIT);
                assertEquals("1", ready.get("READY"));
                assertEquals(String.valueOf(server.pid()), ready.get("MAINPID"));
                // READY=1 is sent once the listeners accept: a connection made now is taken
                try (java.net.Socket probe = new java.net.Socket("127.0.0.1",
                        server.awaitPort("notify-" + kind, WAIT))) {
                    assertTrue(probe.isConnected());
                }
                server.await("Service \\[notify-" + kind + "\\] accepted connection", WAIT);
                server.process().destroy();
                assertEquals("1", systemd.awaitField("STOPPING", WAIT).get("STOPPING"));
                assertEquals(0, server.awaitExit(WAIT));
            }
        }
    }

    /** systemd's reload protocol (Type=notify-reload too): RELOADING=1 with the monotonic time, then READY=1. */
    @Test
    void aReloadIsAnnouncedAndEndsReady() throws Exception {
        try (Backends echo = Backends.echo(); NotifySocket systemd = systemd("path")) {
            Path conf = OurPrograms.serverConf(dir, "", "notify-reload", echo.port(), pki.serverPem(), "");
            try (ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, conf,
                    Map.of("NOTIFY_SOCKET", systemd.variable()))) {
                systemd.awaitField("READY", WAIT);
                server.signal("HUP");
                Map<String, String> reloading = systemd.awaitField("RELOADING", WAIT);
                assertEquals("1", reloading.get("RELOADING"));
                assertTrue(Long.parseLong(reloading.get("MONOTONIC_USEC")) > 0, reloading::toString);
                assertEquals("1", systemd.awaitField("READY", WAIT).get("READY"), "ready again after the reload");
                server.await("Reload complete", WAIT);
            }
        }
    }

    @Test
    void aDaemonizingLaunchHandsTheMainPidOverToTheDaemon() throws Exception {
        Path pidFile = dir.resolve("handover.pid");
        Optional<ProcessHandle> daemon = Optional.empty();
        try (Backends echo = Backends.echo(); NotifySocket systemd = systemd("abstract")) {
            Path conf = Files.writeString(dir.resolve("handover.conf"), """
                    syslog = no
                    pid = %s
                    [echo]
                    accept = 127.0.0.1:0
                    connect = 127.0.0.1:%d
                    cert = %s
                    """.formatted(pidFile, echo.port(), pki.serverPem()));
            try (ManagedProcess launcher = Programs.stunnelJava(Programs.Mode.SERVER, conf,
                    Map.of("NOTIFY_SOCKET", systemd.variable()))) {
                Map<String, String> ready = systemd.awaitField("READY", WAIT);
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                daemon = ProcessHandle.of(pid);
                assertEquals(String.valueOf(pid), ready.get("MAINPID"), "the daemon becomes the main process");
                assertEquals(0, launcher.awaitExit(WAIT), launcher.output());
                daemon.orElseThrow().destroy();
                assertEquals("1", systemd.awaitField("STOPPING", WAIT).get("STOPPING"), "sent by the daemon");
                Poll.until(() -> !Files.exists(pidFile), WAIT, "the daemon to exit");
            }
        } finally {
            daemon.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void socketsPassedBySystemdAreRefusedWithTheReason() throws Exception {
        Path conf = OurPrograms.serverConf(dir, "", "activated", 9, pki.serverPem(), "");
        // LISTEN_PID must be the program's own pid: a shell sets it to its own and execs the JVM, as systemd does
        String java = String.join(" ", Programs.javaBinary(), "-jar", Programs.jar(Programs.Mode.SERVER).toString(),
                conf.toString());
        try (ManagedProcess server = ManagedProcess.start("activated", List.of(Capabilities.command("sh").toString(),
                "-c", "export LISTEN_PID=$$ LISTEN_FDS=1; exec " + java + " 3<&0"))) {
            assertEquals(1, server.awaitExit(WAIT), server.output());
            assertTrue(server.output().contains("[!] Systemd socket activation is not supported by stunnel-java"
                    + " (1 descriptor(s) received)"), server.output());
            assertFalse(server.output().contains("bound to"), server.output());
        }
    }
}
