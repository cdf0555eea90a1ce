package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.ProcStatus;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * {@code setuid}/{@code setgid}: the built server program started as root drops to nobody/nogroup once its
 * listeners are bound, in every thread of the JVM (read from {@code /proc/PID/task/*}/status), writes its pid file
 * as that user, gives its unix accept socket the section's owner, and still relays. Each scenario runs against the
 * real stunnel 5.68 with the same file too, so the two must agree on what {@code /proc} and {@code stat} show and on
 * the error lines.
 */
class PrivilegeDropIT {
    private static final String NOBODY = "65534\t65534\t65534\t65534";
    private static final int DAEMON_UID = 1; // the "daemon" user of every Debian-like system

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
    Path run;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        tlsClient = JdkTls.client(pki, pki.client());
        // nobody must reach the pid file's directory; the keys stay root's (read before the drop)
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @BeforeEach
    void runDirectory() throws IOException {
        Capabilities.require(ProcStatus.root(), "running as root (to drop privileges)");
        run = Files.createTempDirectory(dir, "run"); // short: a unix socket path has at most 107 bytes
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxrwx")); // as /run/stunnel4 is nobody's
    }

    private Path conf(Program program, int backend, String globals) throws IOException {
        return Confs.write(dir, "drop-" + program + ".conf", """
                debug = debug
                pid = %s
                %s
                [tls]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                [unix]
                accept = %s
                connect = 127.0.0.1:%d
                cert = %s
                setuid = daemon
                """.formatted(run.resolve("p.pid"), globals, backend, pki.serverPem(), run.resolve("u.sock"),
                backend, pki.serverPem()));
    }

    @ParameterizedTest
    @EnumSource(Program.class)
    void everyThreadRunsAsNobodyAfterBindingAndTheServiceStillRelays(Program program) throws Exception {
        try (Backends echo = Backends.echo();
             ManagedProcess server = program.start(conf(program, echo.port(), "setuid = nobody\nsetgid = nogroup"))) {
            server.await("Accepting new connections", Programs.START);
            long pid = server.pid();

            Map<String, String> status = ProcStatus.of(pid);
            assertEquals(NOBODY, status.get("Uid"), "real, effective, saved and file-system uid");
            assertEquals(NOBODY, status.get("Gid"));
            assertEquals("65534", status.get("Groups"), "the supplementary groups are nogroup alone");
            assertEquals("0000000000000000", status.get("CapEff"), "no capability is left");
            Map<Long, Map<String, String>> threads = ProcStatus.threads(pid);
            assertTrue(threads.size() > (program == Program.OURS ? 10 : 1), "threads: " + threads.keySet());
            threads.forEach((tid, thread) -> {
                assertEquals(NOBODY, thread.get("Uid"), "thread " + tid + " (" + thread.get("Name") + ")");
                assertEquals(NOBODY, thread.get("Gid"), "thread " + tid);
                assertEquals("65534", thread.get("Groups"), "thread " + tid);
            });

            Path pidFile = run.resolve("p.pid");
            assertEquals(pid + "\n", Files.readString(pidFile));
            assertEquals(65534, Files.getAttribute(pidFile, "unix:uid"), "the pid file is written after the drop");
            Path socket = run.resolve("u.sock");
            assertEquals(DAEMON_UID, Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(65534, Files.getAttribute(socket, "unix:gid", LinkOption.NOFOLLOW_LINKS),
                    "the section's setuid with the global setgid");
            server.await("Socket chown succeeded: " + socket + ", UID=1, GID=65534", Programs.START);

            byte[] request = "through a dropped tunnel\n".getBytes();
            try (SSLSocket s = JdkTls.connect(tlsClient, server.awaitPort("tls", Programs.START))) {
                s.getOutputStream().write(request);
                assertArrayEquals(request, s.getInputStream().readNBytes(request.length));
            }
            try (SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                unix.connect(UnixDomainSocketAddress.of(socket));
                unix.write(ByteBuffer.wrap("not TLS\n".getBytes()));
            }
            server.await("Service \\[unix\\] accepted connection", Programs.START);

            assertEquals(0, server.terminate(Programs.START));
            assertFalse(Files.exists(pidFile), "nobody removed its pid file");
            assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "and its socket");
        }
    }

    @ParameterizedTest
    @EnumSource(Program.class)
    void aUserOrGroupThatDoesNotExistIsAnErrorAtItsLine(Program program) throws Exception {
        for (String line : new String[]{"setuid = no-such-user", "setgid = no-such-group"}) {
            Path conf = conf(program, 9, line);
            String reason = line.startsWith("setuid") ? "Illegal UID" : "Illegal GID";
            try (ManagedProcess server = program.start(conf)) {
                assertEquals(1, server.awaitExit(Programs.START), server.output());
                assertTrue(server.output().contains(conf.toRealPath() + ":6: \"" + line + "\": " + reason),
                        server.output());
                assertTrue(server.output().contains("[!] Configuration failed"), server.output());
                assertTrue(server.boundPorts().isEmpty());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Program.class)
    void aDropTheKernelRefusesStopsTheStartWithStunnelsLine(Program program) throws Exception {
        // setgid(-1) is EINVAL: the line and the exit code are what stunnel's drop_privileges() gives
        try (ManagedProcess server = program.start(conf(program, 9, "setgid = -1"))) {
            assertEquals(1, server.awaitExit(Programs.START), server.output());
            assertTrue(server.output().contains("setgid: Invalid argument (22)"), server.output());
            assertFalse(server.output().contains("Accepting new connections"), server.output());
        }
    }

    @Test
    void withoutSetgidTheGroupStaysRootAsInStunnelAndTheLineIsWarnedAbout() throws Exception {
        try (Backends echo = Backends.echo();
             ManagedProcess server = Program.OURS.start(conf(Program.OURS, echo.port(), "setuid = nobody"))) {
            server.await("Accepting new connections", Programs.START);
            assertEquals(NOBODY, ProcStatus.of(server.pid()).get("Uid"));
            assertEquals("0\t0\t0\t0", ProcStatus.of(server.pid()).get("Gid"));
            server.await("\"setuid\" without \"setgid\" keeps group ID 0", Programs.START);
        }
    }
}
