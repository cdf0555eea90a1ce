package org.stunneljava.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.NotifySocket;
import org.stunneljava.testkit.RecordingLog;

/** sd_notify over a real AF_UNIX datagram socket, bound to a path and to an abstract name as systemd binds it. */
class SystemdNotifyTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void ReadyReloadingAndStoppingReachASocketBoundToAPath() throws Exception {
        try (NotifySocket systemd = NotifySocket.atPath(dir.resolve("notify"));
             SystemdNotify notify = SystemdNotify.to(Optional.of(systemd.variable()), new RecordingLog())) {
            assertTrue(notify.enabled());
            notify.ready();
            Map<String, String> ready = systemd.receive(WAIT);
            assertEquals("1", ready.get("READY"));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), ready.get("MAINPID"));
            assertEquals("Accepting connections", ready.get("STATUS"));

            long before = Posix.monotonicMicros();
            notify.reloading();
            Map<String, String> reloading = systemd.receive(WAIT);
            assertEquals("1", reloading.get("RELOADING"));
            long stamp = Long.parseLong(reloading.get("MONOTONIC_USEC"));
            assertTrue(stamp >= before && stamp <= Posix.monotonicMicros(), "CLOCK_MONOTONIC in microseconds");

            notify.status("3 services");
            assertEquals(Map.of("STATUS", "3 services"), systemd.receive(WAIT));
            notify.stopping();
            assertEquals("1", systemd.receive(WAIT).get("STOPPING"));
        }
    }

    @Test
    void AnAbstractAddressIsWrittenWithAnAt() throws Exception {
        try (NotifySocket systemd = NotifySocket.abstractName();
             SystemdNotify notify = SystemdNotify.to(Optional.of(systemd.variable()), new RecordingLog())) {
            assertTrue(systemd.variable().startsWith("@"));
            notify.readyAs(4242);
            Map<String, String> ready = systemd.receive(WAIT);
            assertEquals("4242", ready.get("MAINPID"));
            assertEquals("1", ready.get("READY"));
        }
    }

    @Test
    void WithoutTheVariableNothingIsSentAndNothingFails() {
        try (SystemdNotify notify = SystemdNotify.to(Optional.empty(), new RecordingLog())) {
            assertFalse(notify.enabled());
            notify.ready();
            notify.reloading();
            notify.stopping();
        }
    }

    @Test
    void AMissingListenerIsLoggedOnceAndTheProgramGoesOn() throws Exception {
        RecordingLog log = new RecordingLog();
        Path gone = dir.resolve("gone");
        try (SystemdNotify notify = SystemdNotify.to(Optional.of(gone.toString()), log)) {
            notify.ready();
            notify.stopping();
        }
        assertFalse(Files.exists(gone));
        assertEquals(1, log.lines().stream().filter(l -> l.contains("Cannot notify systemd through " + gone)).count(),
                log.lines().toString());
    }

    @Test
    void AnAddressOfAnotherKindIsRefusedWithAWarning() {
        RecordingLog log = new RecordingLog();
        assertNull(SystemdNotify.address("vsock:2:1234"));
        try (SystemdNotify notify = SystemdNotify.to(Optional.of("vsock:2:1234"), log)) {
            assertFalse(notify.enabled());
        }
        assertTrue(log.contains("neither a path nor an abstract @name"), log.lines().toString());
    }
}
