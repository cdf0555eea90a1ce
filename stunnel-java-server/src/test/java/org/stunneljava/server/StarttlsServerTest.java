package org.stunneljava.server;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.NegotiationScenario;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.testkit.TunnelUnderTest;

/**
 * The servers of {@code protocol = smtp, pop3, imap, pgsql}: a scripted client that speaks the plaintext part and
 * then TLS (the JDK's stack), a scripted backend, byte for byte both ways and with the log lines. Every scenario
 * runs against ours and against stunnel 5.68 with the same expectations.
 */
class StarttlsServerTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext client;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        client = JdkTls.client(pki, null);
        // The implicit-TLS scenarios need the ClientHello within the servers' 200 ms sniff: a first handshake
        // loads and warms the JDK's TLS classes, so that no scenario pays for it.
        try (Backends warm = Backends.tlsEcho(JdkTls.server(pki, pki.server()));
             SSLSocket s = JdkTls.connect(client, warm.port())) {
            s.getSession();
        }
    }

    static Stream<NegotiationScenario> scenarios() {
        return Stream.of(ServerScenarios.smtp(), ServerScenarios.pop3(), ServerScenarios.imap(),
                ServerScenarios.pgsql()).flatMap(List::stream).map(s -> s.apply(client));
    }

    private static String section(String name, int backendPort, String options) {
        return """
                [%s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                """.formatted(name, backendPort, pki.serverPem()) + options + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void ours(NegotiationScenario scenario) throws Exception {
        scenario.runThrough(port -> TunnelUnderTest.ours(InProcessServer.start(
                ServiceConfigs.load(dir, "s", section("s", port, scenario.options())))));
    }

    @Tag("e2e")
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void stunnel(NegotiationScenario scenario) throws Exception {
        scenario.runThrough(port -> TunnelUnderTest.stunnel(dir, "s", section("s", port, scenario.options())));
    }
}
