package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code protocol}, the {@code protocol*} options and our PROXY options: what a section resolves to, and the errors
 * stunnel-java adds where stunnel has none (the errors stunnel also prints are compared with it in ParityCases).
 */
class NegotiationOptionsTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    @Test
    void protocolOptionsAreKeptAsWrittenAndHeadersInOrder() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("[s]", Conf.SERVER, "accept = 1", "connect = 2", "protocol = Proxy",
                "protocolHost = target.example:8443", "protocolUsername = user", "protocolPassword = pass",
                "protocolHeader = X-Test: 1", "protocolHeader = User-Agent: foo"));
        assertEquals(new Negotiation(NegotiationKind.PROXY, Optional.of("target.example:8443"), Optional.of("user"),
                Optional.of("pass"), "basic", Optional.empty(), List.of("X-Test: 1", "User-Agent: foo"), List.of()),
                s.negotiation());
        assertEquals(ProxyProtocol.DEFAULT, s.proxy());
    }

    @Test
    void withoutProtocolThereIsNone() throws ConfigException {
        assertEquals(Negotiation.NONE, Conf.only(conf.load("[s]", Conf.SERVER, "accept = 1", "connect = 2"))
                .negotiation());
    }

    @Test
    void aClientsDefaultSniComesFromProtocolHostBeforeConnect() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("[c]", "client = yes", "accept = 1", "connect = backend.example:2",
                "protocolHost = target.example:8443"));
        assertEquals(Optional.of("target.example"), s.tls().sni());
        ServiceConfig noPort = Conf.only(conf.load("[c]", "client = yes", "accept = 1", "connect = b.example:2",
                "protocolHost = mail.example"));
        assertEquals(Optional.of("localhost"), noPort.tls().sni(), "stunnel: no colon means localhost");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cifs", "capwin"})
    void protocolsStunnelJavaDoesNotSpeakAreRefusedByName(String name) {
        assertEquals("Service [s]: The '" + name + "' protocol is not supported by stunnel-java in the server mode",
                conf.lastError("[s]", Conf.SERVER, "accept = 1", "connect = 2", "protocol = " + name));
    }

    @Test
    void proxyVersionTwoAndAcceptProxyAndWriteIpResolve() throws ConfigException {
        ServiceConfig v2 = Conf.only(conf.load("[s]", Conf.SERVER, "accept = 1", "connect = 2", "protocol = proxy",
                "proxyVersion = 2", "acceptProxy = yes"));
        assertEquals(new ProxyProtocol(2, true, false), v2.proxy());
        ServiceConfig stud = Conf.only(conf.load("[s]", Conf.SERVER, "accept = 1", "connect = 2", "writeIP = yes"));
        assertEquals(new ProxyProtocol(1, false, true), stud.proxy());
    }

    @Test
    void proxyOptionErrorsNameTheLineOrTheSection() {
        assertEquals(conf.at(4, "proxyVersion = 3", "Invalid proxyVersion: 1 (a text line) or 2 (binary, with TLS"
                + " details)"), conf.error("[s]", Conf.SERVER, "protocol = proxy", "proxyVersion = 3").get(0));
        assertEquals("Service [s]: \"proxyVersion\" needs \"protocol = proxy\"",
                conf.lastError("[s]", Conf.SERVER, "accept = 1", "connect = 2", "proxyVersion = 2"));
        assertEquals("Service [c]: \"writeIP\" is not supported in the client mode",
                conf.lastError("[c]", "client = yes", "accept = 1", "connect = 2", "writeIP = yes"));
        assertEquals("Service [s]: \"writeIP\" cannot be combined with \"protocol = proxy\": both write before the"
                + " client's data", conf.lastError("[s]", Conf.SERVER, "accept = 1", "connect = 2",
                "protocol = proxy", "writeIP = yes"));
        assertEquals(conf.at(3, "acceptProxy = maybe", "The argument needs to be either 'yes' or 'no'"),
                conf.error("[s]", Conf.SERVER, "acceptProxy = maybe").get(0));
    }

    @Test
    void execRunsInServerSectionsWithAccept() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("[s]", Conf.SERVER, "accept = 1", "execArgs = name -a  b",
                "exec = /bin/prog"));
        assertEquals(Optional.of(new ExecCommand("/bin/prog", List.of("name", "-a", "b"))), s.exec(),
                "execArgs before exec is kept, as in stunnel");
        ServiceConfig alone = Conf.only(conf.load("[s]", Conf.SERVER, "accept = 1", "exec = /bin/prog"));
        assertEquals(Optional.of(new ExecCommand("/bin/prog", List.of("/bin/prog"))), alone.exec());
        assertEquals("Service [c]: \"exec\" is supported by stunnel-java in server sections only",
                conf.lastError("[c]", "client = yes", "accept = 1", "exec = /bin/prog"));
        assertEquals("Service [s]: \"exec\" without \"accept\" (an exec+connect service) is not supported by"
                + " stunnel-java", conf.lastError("[s]", Conf.SERVER, "connect = 1", "exec = /bin/prog"));
    }
}
