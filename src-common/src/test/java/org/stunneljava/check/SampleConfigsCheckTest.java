package org.stunneljava.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.testkit.Confs;

/**
 * The migration check over a set of real stunnel.conf files: the samples the stunnel project ships (copies in
 * {@code src/test/resources/check/samples}, see ORIGIN.md there), the same samples with every commented-out option
 * turned on, every file in {@code conf/}, and files like those our end-to-end tests run.
 */
class SampleConfigsCheckTest {
    private static final String DEBIAN = "debian-stunnel4-5.68-stunnel.conf-sample";
    private static final String UNIX = "stunnel-5.75-tools-stunnel.conf-sample.in";
    private static final String WINDOWS = "stunnel-5.75-tools-stunnel.conf";
    private static final String SUMMARY = "22 option(s): 21 supported, 1 with differences, 0 not supported";

    @TempDir
    Path dir;

    /**
     * As shipped, each sample defines three TLS clients for Gmail (client, accept, connect, verifyChain, CApath or
     * CAfile, checkHost, OCSPaia): all supported; the one difference is that the file does not set foreground, so
     * stunnel would detach and stunnel-java does not.
     */
    static Stream<Arguments> samples() {
        return Stream.of(Arguments.of(DEBIAN, 62, "CApath"), Arguments.of(UNIX, 62, "CApath"),
                Arguments.of(WINDOWS, 58, "CAfile"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theShippedSamplesRunWithOneDifference(String sample, int firstSection, String trust) throws IOException {
        CheckRun run = CheckRun.of(copy(sample, dir, false));
        assertEquals(0, run.exit(), run.toString());
        assertEquals(run.file() + ": foreground (not set): differs: not set: stunnel's default \"no\" detaches; "
                + ValueRules.FOREGROUND_NO, run.lines().getFirst());
        assertEquals("[gmail-pop3]: a client service (client = yes): stunnel-java-client runs it",
                run.at(firstSection));
        assertEquals("client: supported", run.at(firstSection + 1));
        assertEquals(trust + ": supported", run.at(firstSection + 5));
        assertEquals("OCSPaia: supported", run.at(firstSection + 7));
        assertTrue(run.lines().contains("note: the files named by " + trust + " were not opened: the programs read"
                + " them at start-up"), run.toString());
        assertEquals(SUMMARY, run.summary());
        assertEquals("This file will run with stunnel-java", run.conclusion());
    }

    /**
     * The Unix samples with every {@code ;option = value} and {@code ;[section]} line turned on (but {@code include},
     * whose directory is not here): privilege drop, FIPS and the PKCS#11 engine are refused, SSLv3 is not offered,
     * the shell service's argv[0] and the privilege drop differ, and the loader stops at fips, the first refused line.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {DEBIAN, UNIX})
    void theUnixSamplesWithEveryOptionOnDoNotRun(String sample) throws IOException {
        CheckRun run = CheckRun.of(copy(sample, dir, true));
        assertEquals(1, run.exit(), run.toString());
        assertEquals("setuid: differs: " + ValueRules.IDENTITY, run.at(11));
        assertTrue(run.at(15).startsWith("pid: differs: the file has client and server services"), run.toString());
        assertEquals("fips: not supported: " + OptionNotes.refused("fips"), run.at(23));
        assertEquals("engine: not supported: " + OptionNotes.refused("engine"), run.at(30));
        assertEquals("options: differs: SSLv3 is never offered, as with OpenSSL 3", run.at(39));
        assertEquals("options: supported (no effect with OpenSSL 3 either)", run.at(42)); // SINGLE_ECDH_USE
        assertEquals("engineId: not supported: " + OptionNotes.refused("engineId"), run.at(95));
        assertTrue(run.at(96).startsWith("cert: not supported: never: a PKCS#11 URI"), run.toString());
        assertEquals("execArgs: differs: the program's argv[0] is exec's path, not \"sh\" (the JDK cannot set"
                + " argv[0]); the other words are passed as written", run.at(134));
        assertEquals(1, run.errors().size(), run.toString());
        // Debian's sample names real users, so the loader stops at fips; 5.75's source sample still has the
        // configure placeholders, which stunnel refuses too
        String firstError = sample.equals(DEBIAN) ? Pattern.quote(run.file() + ":23: \"fips = ")
                + ".*\": Option \"fips\" is not supported yet"
                : Pattern.quote(run.file() + ":12: \"setgid = @DEFAULT_GROUP@\": Illegal GID");
        assertTrue(run.errors().getFirst().matches(firstError), run.toString());
        assertEquals("60 option(s): 47 supported, 6 with differences, 7 not supported", run.summary());
    }

    /** The Windows sample with every option on: FIPS, the CNG and PKCS#11 engines. */
    @Test
    void theWindowsSampleWithEveryOptionOnDoesNotRun() throws IOException {
        CheckRun run = CheckRun.of(copy(WINDOWS, dir, true));
        assertEquals(1, run.exit(), run.toString());
        assertEquals("engine: not supported: " + OptionNotes.refused("engine"), run.at(23)); // engine = cng
        assertEquals(List.of(run.file() + ":15: \"fips = yes\": Option \"fips\" is not supported yet"),
                run.errors());
        assertEquals("59 option(s): 46 supported, 4 with differences, 9 not supported", run.summary());
    }

    /** Every sample in conf/ runs as it is, with no difference (they set foreground = yes). */
    @Test
    void everyFileInConfRunsAsItIs() throws IOException {
        List<Path> confs;
        try (Stream<Path> files = Files.list(confDirectory())) {
            confs = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(confs.size() >= 5, confs.toString());
        for (Path conf : confs) {
            CheckRun run = CheckRun.of(conf);
            assertEquals(0, run.exit(), run.toString());
            assertTrue(run.summary().endsWith(" 0 with differences, 0 not supported"), run.toString());
        }
    }

    /** Files like those our end-to-end tests run (OurPrograms, ExecIT, the protocol and gateway tests). */
    static Stream<Arguments> ourTestConfigs() {
        return Stream.of(
                Arguments.of("server", "[s]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:8000\ncert = server.pem\n"
                        + "key = server.key\nverifyChain = yes\nCAfile = ca.pem\nrequireCert = yes\n"),
                Arguments.of("verifying client", "[c]\nclient = yes\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:8443\n"
                        + "verifyChain = yes\nCAfile = ca.pem\ncheckHost = localhost\nsni = localhost\n"),
                Arguments.of("psk server", "[p]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:8000\nPSKsecrets = psk.txt\n"
                        + "ciphers = PSK\n"),
                Arguments.of("virtual services", "[primary]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:8000\n"
                        + "cert = server.pem\n[v]\nsni = primary:*.example.com\nconnect = 127.0.0.1:8001\n"
                        + "cert = other.pem\n"),
                Arguments.of("ocsp client", "[c]\nclient = yes\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:8443\n"
                        + "verifyChain = yes\nCAfile = ca.pem\nOCSPaia = yes\nOCSPrequire = no\nTIMEOUTocsp = 3\n"
                        + "OCSPflag = NOCHECKS\nCRLfile = crl.pem\nCApath = certs\ncheckIP = 127.0.0.1\n"),
                Arguments.of("proxy headers", "[s]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:8000\ncert = server.pem\n"
                        + "acceptProxy = yes\nprotocol = proxy\nproxyVersion = 2\n"),
                Arguments.of("starttls servers", "[imap]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:143\n"
                        + "cert = server.pem\nprotocol = imap\n[pg]\nclient = yes\naccept = 127.0.0.1:0\n"
                        + "connect = 127.0.0.1:5432\nprotocol = pgsql\n"),
                Arguments.of("connect client", "[c]\nclient = yes\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:3128\n"
                        + "protocol = connect\nprotocolHost = example.com:443\nprotocolUsername = u\n"
                        + "protocolPassword = p\n"),
                Arguments.of("https proxy", "[h]\naccept = 127.0.0.1:0\ncert = server.pem\nprotocol = https-proxy\n"
                        + "protocolAllow = *.example.com:443\n"),
                Arguments.of("gateway", "[exit]\naccept = 127.0.0.1:0\ncert = server.pem\nverifyChain = yes\n"
                        + "CAfile = ca.pem\ntransparent = destination\ntransparentAllow = 192.0.2.0/24:*\n"),
                Arguments.of("connection management", "maxClients = 100\n[s]\naccept = 127.0.0.1:0\n"
                        + "connect = 127.0.0.1:8000\nconnect = 127.0.0.1:8001\nfailover = rr\ndelay = yes\n"
                        + "cert = server.pem\nsocket = l:SO_KEEPALIVE=1\nlocal = 127.0.0.1\nTIMEOUTidle = 60\n"
                        + "TIMEOUTclose = 0\nTIMEOUTbusy = 5\nTIMEOUTconnect = 5\nmaxClients = 10\n"),
                Arguments.of("tls policy", "[s]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:8000\ncert = server.pem\n"
                        + "ciphers = ECDHE+AESGCM\nciphersuites = TLS_AES_128_GCM_SHA256\ncurves = X25519:P-256\n"
                        + "options = CIPHER_SERVER_PREFERENCE\nsslVersionMin = TLSv1.2\nsessionResume = no\n"
                        + "keyPasswordFile = pw.txt\nredirect = 127.0.0.1:8002\nverifyPeer = yes\nCAfile = ca.pem\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ourTestConfigs")
    void filesLikeOurTestsRunRunAsTheyAre(String name, String services) throws IOException {
        Files.writeString(dir.resolve("psk.txt"), "test1:0123456789abcdef0123456789abcdef\n");
        Files.writeString(dir.resolve("pw.txt"), "secret\n");
        CheckRun run = CheckRun.of(Files.writeString(dir.resolve("test.conf"), Confs.PREAMBLE + services));
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.lines().stream().noneMatch(l -> l.contains(": not supported: ")), run.toString());
    }

    /** ExecIT's file, as it runs under stunnel 5.68 and ours: the one difference is argv[0]. */
    @Test
    void execItsFileRunsWithTheArgv0Difference() throws IOException {
        CheckRun run = CheckRun.of(Files.writeString(dir.resolve("exec.conf"), Confs.PREAMBLE + """
                pid =
                [ex]
                accept = 127.0.0.1:0
                exec = /tmp/report.sh
                execArgs = myname one  two
                cert = server.pem
                verifyChain = yes
                CAfile = ca.pem
                """));
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.verdict("execArgs").startsWith("differs: the program's argv[0] is exec's path, not \"myname\""),
                run.toString());
        assertEquals("10 option(s): 8 supported, 2 with differences, 0 not supported", run.summary());
    }

    /** A sample copied into {@code dir}, as shipped or with every commented-out option turned on. */
    private static Path copy(String sample, Path dir, boolean everyOption) throws IOException {
        String text;
        try (InputStream in = SampleConfigsCheckTest.class.getResourceAsStream("/check/samples/" + sample)) {
            if (in == null) {
                throw new AssertionError(sample + " is not among the test resources");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (everyOption) {
            // ";name = value" and ";[section]" lose their ';'; the surrounding prose starts with "; " and stays
            text = Pattern.compile("^;(?=[A-Za-z\\[])(?!include)", Pattern.MULTILINE).matcher(text).replaceAll("");
        }
        return Files.writeString(dir.resolve(sample), text);
    }

    /** The repository's {@code conf/}, found from the module directory the test runs in. */
    private static Path confDirectory() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("conf")) && Files.isRegularFile(d.resolve("pom.xml"))
                    && Files.isDirectory(d.resolve("src-common"))) {
                return d.resolve("conf");
            }
        }
        throw new AssertionError("conf/ not found above " + Path.of("").toAbsolutePath());
    }
}
