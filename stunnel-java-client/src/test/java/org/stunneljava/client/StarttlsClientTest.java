package org.stunneljava.client;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.testkit.NegotiationScenario;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.testkit.TunnelUnderTest;

/**
 * The STARTTLS-style clients ({@code protocol = smtp, pop3, imap, nntp, ldap, pgsql} with {@code client = yes})
 * between a plaintext local client and a scripted server, byte for byte both ways and with their log lines. Every
 * scenario in {@link #shared} also runs against stunnel 5.68 with the same expectations, which is how they were
 * checked; {@link #oursOnly} are where we deliberately differ (the README lists them).
 */
class StarttlsClientTest {
    @TempDir
    static Path dir;
    static SSLContext mailServer;

    @BeforeAll
    static void pki() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        mailServer = org.stunneljava.testkit.JdkTls.server(pki, pki.server());
    }

    static Stream<NegotiationScenario> shared() {
        return Stream.of(ClientScenarios.smtp(), ClientScenarios.others()).flatMap(List::stream)
                .map(s -> s.apply(mailServer));
    }

    static Stream<NegotiationScenario> oursOnly() {
        return ClientScenarios.deliberateDifferences().stream().map(s -> s.apply(mailServer));
    }

    static Stream<NegotiationScenario> stunnelOnly() {
        return ClientScenarios.stunnelSideOfTheDifferences().stream().map(s -> s.apply(mailServer));
    }

    private static String section(String name, int remotePort, String options) {
        return """
                [%s]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                """.formatted(name, remotePort) + options + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"shared", "oursOnly"})
    void ours(NegotiationScenario scenario) throws Exception {
        scenario.runThrough(port -> TunnelUnderTest.ours(Tunnels.client(
                org.stunneljava.testkit.ServiceConfigs.load(dir, "c", section("c", port, scenario.options())))));
    }

    @Tag("e2e")
    @ParameterizedTest(name = "{0}")
    @MethodSource({"shared", "stunnelOnly"})
    void stunnel(NegotiationScenario scenario) throws Exception {
        scenario.runThrough(port -> TunnelUnderTest.stunnel(dir, "c", section("c", port, scenario.options())));
    }
}
