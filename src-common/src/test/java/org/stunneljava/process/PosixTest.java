package org.stunneljava.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.ProcStatus;

/**
 * The FFM calls that can run inside the test JVM without changing it: the user and group databases, lchown of a
 * unix socket, the monotonic clock and errno texts. (setuid/setgid/setgroups/setsid/dup2 change the whole process:
 * PrivilegeDropIT and DaemonModeIT run them in the built programs.)
 */
class PosixTest {
    @TempDir
    Path dir;

    @Test
    void NamesAreFoundInTheDatabasesAndUnknownNamesAreNot() {
        assertEquals(OptionalInt.of(0), Posix.userId("root"));
        assertEquals(OptionalInt.of(0), Posix.groupId("root"));
        assertEquals(OptionalInt.of(65534), Posix.userId("nobody"));
        assertEquals(OptionalInt.empty(), Posix.userId("no-such-user-here"));
        assertEquals(OptionalInt.empty(), Posix.groupId("no-such-group-here"));
        assertEquals(OptionalInt.empty(), Posix.userId(""));
    }

    @Test
    void LchownGivesAUnixSocketItsOwnerOrSaysWhyNot() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(socket));
            if (ProcStatus.root()) {
                assertEquals(0, Posix.lchown(socket.toString(), 1, 65534));
                assertEquals(1, Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS));
                assertEquals(65534, Files.getAttribute(socket, "unix:gid", LinkOption.NOFOLLOW_LINKS));
            } else {
                Capabilities.require(false, "running as root (to chown)");
            }
        }
        assertEquals(2, Posix.lchown(dir.resolve("missing").toString(), 1, 1), "ENOENT");
        assertEquals("No such file or directory (2)", Posix.describe(2));
    }

    @Test
    void TheMonotonicClockIsTheOneSystemNanoTimeReadsInMicroseconds() {
        // HotSpot reads CLOCK_MONOTONIC for System.nanoTime on Linux: the two agree to well within a second
        long before = System.nanoTime() / 1000;
        long micros = Posix.monotonicMicros();
        long after = System.nanoTime() / 1000;
        assertTrue(micros >= before - 1000 && micros <= after + 1000, before + " <= " + micros + " <= " + after);
    }
}
