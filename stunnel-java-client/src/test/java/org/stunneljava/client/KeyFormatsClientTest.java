package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.KeyFiles;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * Client mode presents a client certificate whose key comes in every format users bring (the same cases as the
 * server-mode test, made by Bouncy Castle and by openssl) to {@code openssl s_server -Verify}, which refuses the
 * handshake unless the certificate verifies and the key signed it; its {@code -rev} mode then answers each line
 * reversed through the tunnel. TLS 1.3 and TLS 1.2.
 */
@DisplayName("Client mode: a client certificate with a key in every format authenticates to openssl s_server")
class KeyFormatsClientTest {
    private static final AtomicInteger SERVICES = new AtomicInteger();

    @TempDir
    static Path dir;
    static TestPki pki;
    static List<KeyFiles.Case> cases;
    static Path passwordFile;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        cases = KeyFiles.everyFormat(pki, dir);
        passwordFile = KeyFiles.passwordFile(dir.resolve("password.txt"));
    }

    static Stream<Arguments> cases() {
        return cases.stream().flatMap(c -> Stream.of(Arguments.of(c, "-tls1_3"), Arguments.of(c, "-tls1_2")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void opensslServerRequiringACertificateAcceptsOursAndAnswers(KeyFiles.Case c, String version) throws Exception {
        assertEquals("olleh\n", exchange(c.confLines(passwordFile), version));
    }

    /** The bad case that shows the server really demands the certificate. */
    @Test
    void withoutACertificateOpensslServerRefusesTheHandshake() throws Exception {
        assertEquals("", exchange("", "-tls1_3"));
    }

    /** Sends a line through our client to {@code s_server -rev}; returns what came back before EOF (6 bytes max). */
    private static String exchange(String identityLines, String version) throws Exception {
        String name = "client-keys" + SERVICES.incrementAndGet();
        try (Programs.OpensslServer remote = Programs.opensslServer(pki.server().certPem(), pki.server().keyPem(),
                "-cert_chain", pki.intermediatePem().toString(), "-Verify", "2", "-verify_return_error",
                "-CAfile", pki.caPem().toString(), "-rev", version);
             InProcessService client = Tunnels.client(ServiceConfigs.load(dir, name, """
                     [%s]
                     client = yes
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     verifyChain = yes
                     CAfile = %s
                     checkHost = localhost
                     %s""".formatted(name, remote.port(), pki.caPem(), identityLines)));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), client.port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            try {
                return new String(s.getInputStream().readNBytes(6), StandardCharsets.US_ASCII);
            } catch (java.net.SocketException reset) {
                return "";
            }
        }
    }
}
