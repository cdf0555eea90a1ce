package org.stunneljava.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.RecordingLog;

class PidFileTest {
    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog("ui", org.stunneljava.log.Severity.DEBUG);

    @Test
    void the_file_holds_our_pid_and_a_newline() throws IOException {
        Path path = dir.resolve("stunnel.pid");

        try (PidFile pid = PidFile.create(path, log)) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(path));
            assertEquals(path, pid.path());
        }
    }

    @Test
    void the_file_is_not_writable_by_group_or_others() throws IOException {
        Path path = dir.resolve("stunnel.pid");

        try (PidFile pid = PidFile.create(path, 4242, log)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            assertFalse(perms.contains(PosixFilePermission.GROUP_WRITE));
            assertFalse(perms.contains(PosixFilePermission.OTHERS_WRITE));
            assertTrue(perms.contains(PosixFilePermission.OWNER_WRITE));
        }
    }

    @Test
    void a_stale_file_is_replaced() throws IOException {
        Path path = dir.resolve("stunnel.pid");
        Files.writeString(path, "99999999\nleftover junk\n");

        try (PidFile pid = PidFile.create(path, 4242, log)) {
            assertEquals("4242\n", Files.readString(path));
        }
    }

    @Test
    void closing_removes_the_file_once_and_says_so_at_debug() throws IOException {
        Path path = dir.resolve("stunnel.pid");
        PidFile pid = PidFile.create(path, 4242, log);

        pid.close();
        pid.close();

        assertFalse(Files.exists(path));
        assertEquals(List.of("LOG7[ui]: Created pid file " + path, "LOG7[ui]: Removed pid file " + path), log.lines());
    }

    @Test
    void a_file_removed_by_someone_else_is_reported_not_thrown() throws IOException {
        Path path = dir.resolve("stunnel.pid");
        PidFile pid = PidFile.create(path, 4242, log);
        Files.delete(path);

        pid.close();

        assertEquals("LOG3[ui]: " + path + ": No such file or directory", log.lines().get(1));
    }

    @Test
    void an_unwritable_place_gives_an_error_naming_the_file() {
        Path path = dir.resolve("no-such-dir").resolve("stunnel.pid");

        IOException e = assertThrows(IOException.class, () -> PidFile.create(path, log));

        assertEquals("Cannot create pid file " + path + ": No such file or directory", e.getMessage());
    }
}
