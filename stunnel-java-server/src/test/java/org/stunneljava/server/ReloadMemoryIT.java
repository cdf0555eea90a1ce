package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * Reloading does not leak: the live heap after a full collection at reload 100 and at reload 1,000 is within 5%,
 * and the program's open descriptors and threads are the same. Each reload reads the file and loads the certificate and
 * key again, as a real one does.
 */
@Tag("e2e")
class ReloadMemoryIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    @TempDir
    Path dir;

    @Test
    void heapDescriptorsAndThreadsStayFlatOverAThousandReloads() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path conf = dir.resolve("memory.conf");
        Files.writeString(conf, """
                foreground = yes
                syslog = no
                debug = info
                [m]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%%d
                cert = %s
                """.formatted(pki.serverPem()));
        try (Backends backend = Backends.echo();
             ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER,
                     rewrite(conf, backend.port()))) {
            int port = server.awaitPort("m", WAIT);
            server.await("Accepting new connections", WAIT);
            reloads(server, 100);
            echoOnce(pki, port);
            Footprint at100 = Footprint.of(server.pid());
            reloads(server, 900);
            echoOnce(pki, port);
            Footprint at1000 = Footprint.of(server.pid());

            double growth = (double) (at1000.liveHeap - at100.liveHeap) / at100.liveHeap;
            System.out.printf("reload memory: live heap %d bytes at reload 100, %d at 1000 (%+.2f%%); fds %d/%d;"
                            + " threads %d/%d%n", at100.liveHeap, at1000.liveHeap, growth * 100, at100.fds,
                    at1000.fds, at100.threads, at1000.threads);
            assertTrue(Math.abs(growth) <= 0.05, "live heap " + at100.liveHeap + " -> " + at1000.liveHeap);
            assertEquals(at100.fds, at1000.fds, "open descriptors");
            assertEquals(at100.threads, at1000.threads, "threads");
            assertEquals(0, server.count("Failed to reload"), server.output());
        }
    }

    private static Path rewrite(Path conf, int backendPort) throws IOException {
        Files.writeString(conf, Files.readString(conf).replace("%d", Integer.toString(backendPort)));
        return conf;
    }

    /** {@code n} reloads, one at a time: signals sent faster than handled would merge into one. */
    private static void reloads(ManagedProcess server, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            long before = server.count("Reload complete");
            server.signal("HUP");
            server.awaitCount("Reload complete", before + 1, WAIT);
        }
    }

    private static void echoOnce(TestPki pki, int port) throws Exception {
        try (SSLSocket s = JdkTls.connect(JdkTls.client(pki, null), port)) {
            byte[] line = "x\n".getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(line);
            assertArrayEquals(line, s.getInputStream().readNBytes(line.length));
        }
    }

    /** What the program holds: live heap after a full GC (jcmd's class histogram forces one), fds, threads. */
    private record Footprint(long liveHeap, long fds, long threads) {
        static Footprint of(long pid) throws Exception {
            Path jcmd = Path.of(Programs.javaBinary()).resolveSibling("jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            Matcher m = TOTAL.matcher(out);
            assertTrue(m.find(), "no Total line in:\n" + out.lines().limit(5).toList());
            long fds;
            try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                fds = entries.count();
            }
            long threads = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("Threads:")).mapToLong(l -> Long.parseLong(l.split("\\s+")[1]))
                    .findFirst().orElseThrow();
            return new Footprint(Long.parseLong(m.group(1)), fds, threads);
        }
    }
}
