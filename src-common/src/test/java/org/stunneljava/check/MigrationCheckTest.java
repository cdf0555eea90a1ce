package org.stunneljava.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The check over whole files: the output format, the exit code, and that the verdicts decided by values agree with
 * the loader both programs use (a refusal here is a refusal there, a difference still loads).
 */
class MigrationCheckTest {
    private static final String SERVER = "[s]\naccept = 127.0.0.1:8443\nconnect = 127.0.0.1:8000\ncert = server.pem";
    private static final String CLIENT = "[s]\nclient = yes\naccept = 127.0.0.1:8080\nconnect = 127.0.0.1:8443";

    @TempDir
    Path dir;

    @Test
    void aFileThatRunsGetsOneLinePerOptionThenTheCountsAndExitZero() {
        CheckRun run = CheckRun.of(dir, "foreground = yes", "debug = info", SERVER, "stack = 65536");
        assertEquals(0, run.exit(), run.toString());
        assertEquals(List.of(
                run.file() + ":1: foreground: supported",
                run.file() + ":2: debug: supported",
                run.file() + ":3: [s]: a server service (client = no): stunnel-java-server runs it",
                run.file() + ":4: accept: supported",
                run.file() + ":5: connect: supported",
                run.file() + ":6: cert: supported",
                run.file() + ":7: stack: differs: accepted, no effect: virtual threads size their own stacks",
                "note: the files named by cert were not opened: the programs read them at start-up; an encrypted key"
                        + " needs keyPasswordFile or keyPasswordEnv (stunnel-java does not ask for a passphrase on the"
                        + " terminal)"), run.lines().subList(0, 8));
        assertEquals(OptionNotes.GENERAL.stream().map(n -> "note: " + n).toList(),
                run.lines().subList(8, 8 + OptionNotes.GENERAL.size()));
        assertEquals("6 option(s): 5 supported, 1 with differences, 0 not supported", run.summary());
        assertEquals("This file will run with stunnel-java", run.conclusion());
        assertTrue(run.errors().isEmpty(), run.toString());
    }

    /** stunnel's default is to detach: a file that does not say gets the difference once, without a line. */
    @Test
    void anUnsetForegroundIsSaidOnceForTheFile() {
        CheckRun run = CheckRun.of(dir, CLIENT);
        assertEquals(run.file() + ": foreground (not set): differs: not set: stunnel's default \"no\" detaches; "
                + ValueRules.FOREGROUND_NO, run.lines().getFirst());
        assertEquals(0, run.exit(), run.toString());
        assertEquals("4 option(s): 3 supported, 1 with differences, 0 not supported", run.summary());
    }

    @Test
    void aRefusedOptionIsNamedAtItsLineAndTheLoadersErrorIsPrintedAsTheProgramsPrintIt() {
        CheckRun run = CheckRun.of(dir, "foreground = yes", "setuid = nobody", SERVER, "libwrap = yes");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("setuid: differs: " + ValueRules.IDENTITY, run.at(2));
        assertEquals("libwrap: not supported: not yet: TCP wrappers (/etc/hosts.allow, /etc/hosts.deny)", run.at(7));
        assertEquals(List.of(run.file() + ":7: \"libwrap = yes\": Option \"libwrap\" is not supported yet"),
                run.errors());
        assertEquals("6 option(s): 4 supported, 1 with differences, 1 not supported", run.summary());
        assertEquals("This file will not run with stunnel-java: 1 option(s) not supported; both programs stop at the"
                + " first error shown above", run.conclusion());
    }

    /** An error stunnel would make too: every option is supported, and the loader's line says what is wrong. */
    @Test
    void aFileTheLoaderRefusesDoesNotRunEvenWhenEveryOptionIsSupported() {
        CheckRun run = CheckRun.of(dir, "foreground = yes", "[s]", "client = yes", "accept = 127.0.0.1:8080");
        assertEquals(1, run.exit(), run.toString());
        assertEquals(List.of("Service [s]: Each service must define two endpoints"), run.errors());
        assertEquals("This file will not run with stunnel-java: both programs stop at the error shown above",
                run.conclusion());
    }

    @Test
    void aMissingFileGetsStunnelsWordsAndExitOne() {
        CheckRun run = CheckRun.of(dir.resolve("missing.conf"));
        assertEquals(1, run.exit());
        assertEquals(List.of("[!] Invalid configuration file name \"" + dir.resolve("missing.conf") + "\"",
                "[!] realpath: No such file or directory (2)"), run.lines());
    }

    /** Inetd mode (no section) is refused by the loader, whose line says so. */
    @Test
    void aFileWithoutSectionsIsInetdModeAndDoesNotRun() {
        CheckRun run = CheckRun.of(dir, "foreground = yes", "connect = 127.0.0.1:8000", "cert = server.pem");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("connect: supported", run.at(2));
        assertTrue(run.errors().getFirst().startsWith("Inetd mode: not supported yet"), run.toString());
    }

    /** Included files are judged at their own file:line, and the include line itself at its line. */
    @Test
    void includedFilesAreJudgedWhereTheyAreWritten() throws IOException {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/a.conf"), "[s]\ncert = server.pem\naccept = 127.0.0.1:1\n");
        Files.writeString(dir.resolve("conf.d/b.conf"), "connect = 127.0.0.1:2\nexec = /bin/cat\n");
        Path main = Files.writeString(dir.resolve("stunnel.conf"), "foreground = yes\ninclude = " + dir.resolve("conf.d")
                + "\n");
        CheckRun run = CheckRun.of(main);
        assertEquals("include: supported", run.at(2));
        String a = dir.resolve("conf.d") + "/a.conf:";
        String b = dir.resolve("conf.d") + "/b.conf:";
        assertTrue(run.lines().contains(a + "1: [s]: a server service (client = no): stunnel-java-server runs it"),
                run.toString());
        assertTrue(run.lines().contains(b + "2: exec: differs: the program's standard error is stunnel-java's, and a"
                + " program still running when its connection ends on an error or a timeout is terminated"),
                run.toString());
        // accept, connect and exec: three endpoints, which stunnel and the loader refuse
        assertEquals(List.of("Service [s]: Each service must define two endpoints"), run.errors());
        assertEquals(1, run.exit());
    }

    /** Each refusal decided by a value is one the loader makes too (same file, both programs exit 1). */
    static Stream<Arguments> refusals() {
        return Stream.of(
                case_("exec = /bin/cat", "[s]", "client = yes", "accept = 127.0.0.1:1", "exec = /bin/cat"),
                case_("exec = /bin/cat", "[s]", "exec = /bin/cat", "connect = 127.0.0.1:8000", "cert = server.pem"),
                case_("protocol = cifs", CLIENT, "protocol = cifs"),
                case_("protocol = capwin", SERVER, "protocol = capwin"),
                case_("protocol = capwinctrl", SERVER, "protocol = capwinctrl"),
                case_("protocol = socks", CLIENT, "protocol = socks"),
                case_("protocol = connect", CLIENT, "protocol = connect"),
                case_("protocolAuthentication = ntlm", CLIENT, "protocol = connect",
                        "protocolHost = example.com:443", "protocolAuthentication = ntlm"),
                case_("protocol = proxy", CLIENT, "protocol = proxy"),
                case_("protocol = nntp", SERVER, "protocol = nntp"),
                case_("protocol = https-proxy", CLIENT, "protocol = https-proxy"),
                case_("protocol = nonesuch", CLIENT, "protocol = nonesuch"),
                case_("sni = primary:*.example.com", CLIENT, "sni = primary:*.example.com"),
                case_("pty = yes", CLIENT, "pty = yes"),
                case_("nonesuch = 1", CLIENT, "nonesuch = 1"),
                case_("chroot = /var/empty", CLIENT, "chroot = /var/empty"));
    }

    /** {@code what}: the line judged, as written in {@code lines} (a line may hold several, split at newlines). */
    private static Arguments case_(String what, String... lines) {
        return Arguments.of(what, lines);
    }

    /** The 1-based line of the file where {@code what} is written. */
    private static int lineOf(String what, String[] lines) {
        List<String> all = Stream.of(lines).flatMap(String::lines).toList();
        int index = all.indexOf(what);
        if (index < 0) {
            throw new AssertionError(what + " is not in the file");
        }
        return index + 1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aValueRefusedHereIsRefusedByTheLoader(String what, String[] lines) {
        String[] file = with("foreground = yes", lines);
        CheckRun run = CheckRun.of(dir, file);
        assertTrue(run.at(lineOf(what, file)).startsWith(what.substring(0, what.indexOf(" =")) + ": not supported: "),
                run.toString());
        assertEquals(1, run.exit(), run.toString());
        assertFalse(run.errors().isEmpty(), "the loader refuses it too:\n" + run);
    }

    /** A PKCS#11 URI loads (it is a file name to the loader) but fails at start-up: the check says so first. */
    @Test
    void aPkcs11UriIsRefusedAlthoughTheLoaderTakesItForAFileName() {
        CheckRun run = CheckRun.of(dir, "foreground = yes", SERVER.replace("server.pem", "pkcs11:object=MyCert"));
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.at(5).startsWith("cert: not supported: never: a PKCS#11 URI"), run.toString());
        assertTrue(run.errors().isEmpty(), run.toString());
        assertEquals("This file will not run with stunnel-java: 1 option(s) not supported", run.conclusion());
    }

    /** Each difference decided by a value still loads: the file runs (exit 0). */
    static Stream<Arguments> differences() {
        return Stream.of(
                case_("foreground = no", "foreground = no", SERVER),
                case_("exec = /bin/sh", "foreground = yes", "[s]", "cert = server.pem", "accept = 127.0.0.1:1",
                        "exec = /bin/sh", "execArgs = sh -i"),
                case_("execArgs = sh -i", "foreground = yes", "[s]", "cert = server.pem", "accept = 127.0.0.1:1",
                        "exec = /bin/sh", "execArgs = sh -i"),
                case_("protocol = socks", "foreground = yes", "[s]", "accept = 127.0.0.1:1", "cert = server.pem",
                        "protocol = socks"),
                case_("protocol = connect", "foreground = yes", SERVER, "protocol = connect"),
                case_("protocol = smtp", "foreground = yes", CLIENT, "protocol = smtp"),
                case_("options = -NO_SSLv3", "foreground = yes", SERVER, "options = -NO_SSLv3"),
                case_("renegotiation = yes", "foreground = yes", SERVER, "renegotiation = yes"),
                case_("securityLevel = 3", "foreground = yes", SERVER, "securityLevel = 3"),
                case_("sslVersion = TLSv1.1", "foreground = yes", SERVER, "sslVersion = TLSv1.1"),
                case_("sessionCacheTimeout = 600", "foreground = yes", SERVER, "sessionCacheTimeout = 600"),
                case_("ticketKeySecret = 000102030405060708090a0b0c0d0e0f", "foreground = yes", SERVER,
                        "ticketKeySecret = 000102030405060708090a0b0c0d0e0f",
                        "ticketMacSecret = 000102030405060708090a0b0c0d0e0f"),
                case_("retry = yes", "foreground = yes", SERVER, "retry = yes"),
                case_("stack = 65536", "foreground = yes", SERVER, "stack = 65536"),
                case_("pid = /run/x.pid", "foreground = yes", "pid = /run/x.pid", SERVER,
                        CLIENT.replace("[s]", "[c]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differences")
    void aDifferenceStillLoadsAndRuns(String what, String[] lines) {
        CheckRun run = CheckRun.of(dir, lines);
        assertTrue(run.at(lineOf(what, lines)).startsWith(what.substring(0, what.indexOf(" =")) + ": differs: "), run.toString());
        assertEquals(0, run.exit(), run.toString());
    }

    private static String[] with(String first, String[] rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
    }
}
