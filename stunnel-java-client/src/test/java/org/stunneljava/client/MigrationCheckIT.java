package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.Programs;

/**
 * {@code -check CONF} run as a user runs it ({@code java -jar <jar> -check CONF}), with both built programs: the
 * report goes to stdout (nothing to stderr), the exit code says whether the file will run, and the two programs say
 * the same of the same file, whichever modes it holds.
 */
class MigrationCheckIT {
    @TempDir
    Path dir;

    private record Result(int exit, List<String> stdout, String stderr) {
    }

    private Result check(Programs.Mode mode, String flag, Path conf) throws Exception {
        Path out = dir.resolve(mode + ".out");
        Path err = dir.resolve(mode + ".err");
        Process p = new ProcessBuilder(Programs.javaBinary(), "-jar", Programs.jar(mode).toString(), flag,
                conf.toString()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(Programs.START.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(mode + " -check did not finish within " + Programs.START);
        }
        return new Result(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Path conf(String name, String services) throws IOException {
        return Confs.write(dir, name, services).toRealPath();
    }

    @Test
    void aFileThatRunsIsReportedOnStdoutWithExitZeroByBothPrograms() throws Exception {
        Path conf = conf("good.conf", """
                [tls-in]
                accept = 127.0.0.1:8443
                connect = 127.0.0.1:8000
                cert = server.pem
                [plain-in]
                client = yes
                accept = 127.0.0.1:8080
                connect = 127.0.0.1:8443
                renegotiation = yes
                """);
        Result server = check(Programs.Mode.SERVER, "-check", conf);
        assertEquals(0, server.exit(), server.toString());
        assertEquals("", server.stderr());
        assertTrue(server.stdout().contains(conf + ":4: [tls-in]: a server service (client = no):"
                + " stunnel-java-server runs it"), server.toString());
        assertTrue(server.stdout().contains(conf + ":5: accept: supported"), server.toString());
        assertTrue(server.stdout().contains(conf + ":12: renegotiation: differs: Bouncy Castle never renegotiates:"
                + " a peer's request gets a no_renegotiation alert"), server.toString());
        assertEquals(List.of("10 option(s): 9 supported, 1 with differences, 0 not supported",
                "This file will run with stunnel-java"), server.stdout().subList(server.stdout().size() - 2,
                server.stdout().size()));
        Result client = check(Programs.Mode.CLIENT, "--check", conf);
        assertEquals(server, client, "both programs check the whole file alike");
    }

    @Test
    void aFileThatDoesNotRunExitsOneWithTheLoadersLine() throws Exception {
        Path conf = conf("bad.conf", """
                [exit]
                accept = 127.0.0.1:8443
                connect = 127.0.0.1:8000
                cert = server.pem
                engineId = pkcs11
                """);
        Result client = check(Programs.Mode.CLIENT, "-check", conf);
        assertEquals(1, client.exit(), client.toString());
        assertEquals("", client.stderr());
        assertTrue(client.stdout().contains(conf + ":8: engineId: not supported: never: OpenSSL engines do not exist"
                + " on the JVM; use key and certificate files"), client.toString());
        assertTrue(client.stdout().contains("[!] " + conf + ":8: \"engineId = pkcs11\": Option \"engineId\" is not"
                + " supported yet"), client.toString());
        assertEquals("This file will not run with stunnel-java: 1 option(s) not supported; both programs stop at the"
                + " first error shown above", client.stdout().getLast());
    }

    @Test
    void aMissingFileGetsStunnelsWordsAndExitOne() throws Exception {
        Result server = check(Programs.Mode.SERVER, "-check", dir.resolve("missing.conf"));
        assertEquals(1, server.exit());
        assertEquals(List.of("[!] Invalid configuration file name \"" + dir.resolve("missing.conf") + "\"",
                "[!] realpath: No such file or directory (2)"), server.stdout());
    }
}
