package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.destination.DestinationRule;

/**
 * The protocol servers that connect where their clients ask (socks, connect, our https-proxy) and our
 * {@code protocolAllow} lines: where each is required, allowed or refused, the errors at the right line, and the
 * one start-up warning of a socks or connect server that keeps stunnel's "anywhere".
 */
class ProtocolAllowOptionsTest {
    private static final String WARNING_TAIL = " without \"protocolAllow\": any client that passes the TLS checks"
            + " may reach any address; add protocolAllow lines to limit it";
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    @Test
    void anHttpsProxyKeepsItsLinesInFileOrder() throws ConfigException {
        StunnelConfig c = conf.load("[p]", Conf.SERVER, "accept = 1", "protocol = https-proxy",
                "protocolAllow = *.example.com:443", "protocolAllow = 10.0.0.0/8:22,80", "protocolAllow = ~^a.*:1-9");
        Negotiation n = Conf.only(c).negotiation();
        assertEquals(NegotiationKind.HTTPS_PROXY, n.kind());
        assertEquals(List.of("*.example.com:443", "10.0.0.0/8:22,80", "~^a.*:1-9"),
                n.allow().stream().map(DestinationRule::text).toList());
        assertTrue(Conf.noticeTexts(c).stream().noneMatch(t -> t.contains("protocolAllow")));
    }

    /** The example of README.md, "Protocol servers and the HTTP CONNECT client", as written there. */
    @Test
    void theReadmeExampleLoads() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("""
                [proxy]
                accept = 0.0.0.0:8443
                cert = /etc/stunnel/proxy.pem
                protocol = https-proxy
                ; optional: only clients with a certificate from CAfile
                verifyChain = yes
                CAfile = /etc/stunnel/clients-ca.pem
                ; names under example.com, port 443
                protocolAllow = *.example.com:443
                protocolAllow = ~^build[0-9]+\\.corp\\.example$:22,443
                ; addresses the client writes, and the addresses the corp names may resolve to
                protocolAllow = 10.20.0.0/16:22,443
                """.split("\n")));
        assertEquals(3, s.negotiation().allow().size());
        DestinationRule.HostRule build = (DestinationRule.HostRule) s.negotiation().allow().get(1);
        assertTrue(build.matches("BUILD7.corp.example", 22));
        assertFalse(build.matches("build7xcorp.example", 22));
    }

    @Test
    void anHttpsProxyWithoutLinesIsAnErrorAtItsProtocolLine() {
        assertEquals(conf.at(4, "protocol = https-proxy", "\"protocol = https-proxy\" needs at least one"
                        + " \"protocolAllow\" line: its destinations are denied by default"),
                conf.lastError("[p]", Conf.SERVER, "accept = 1", "protocol = https-proxy"));
    }

    @Test
    void anHttpsProxyIsAServerAndItsOwnConnectingEndpoint() {
        assertEquals("Service [p]: The 'https-proxy' protocol is not supported in the client mode",
                conf.lastError("[p]", "client = yes", "accept = 1", "connect = 2", "protocol = https-proxy",
                        "protocolAllow = *:*"));
        assertEquals("Service [p]: Each service must define two endpoints",
                conf.lastError("[p]", Conf.SERVER, "accept = 1", "connect = 2", "protocol = https-proxy",
                        "protocolAllow = *:*"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "*.example.com:http", "10.1.2.3/8:443", "~(:443"})
    void aBadLineIsAnErrorAtThatLine(String value) {
        String error = conf.lastError("[p]", Conf.SERVER, "accept = 1", "protocol = socks",
                "protocolAllow = " + value);
        assertTrue(error.startsWith(conf.main() + ":5: \"protocolAllow = " + value + "\": "), error);
    }

    @ParameterizedTest
    @ValueSource(strings = {"client = yes\nconnect = 2\nprotocol = connect\nprotocolHost = h:1",
            "connect = 2\nprotocol = proxy", "connect = 2", "client = yes\nconnect = 2"})
    void linesForAServiceThatDoesNotChooseDestinationsAreAnErrorAtTheLine(String options) {
        String[] lines = ("[p]\n" + Conf.SERVER + "\naccept = 1\n" + options + "\nprotocolAllow = *:*").split("\n");
        assertEquals(conf.at(lines.length, "protocolAllow = *:*", "\"protocolAllow\" is for the socks, connect"
                + " and https-proxy servers (client = no)"), conf.lastError(lines));
    }

    @ParameterizedTest
    @ValueSource(strings = {"socks", "connect"})
    void aSocksOrConnectServerWithoutLinesWarnsOnceAndStartsAsStunnel(String protocol) throws ConfigException {
        String connect = protocol.equals("connect") ? "connect = 127.0.0.1:1" : ""; // a socks server has none
        StunnelConfig c = conf.load("[p]", Conf.SERVER, "accept = 1", connect, "protocol = " + protocol);
        assertEquals(List.of("Service [p]: \"protocol = " + protocol + "\"" + WARNING_TAIL),
                Conf.noticeTexts(c).stream().filter(t -> t.contains("protocolAllow")).toList());
        assertTrue(Conf.only(c).negotiation().allow().isEmpty());
    }

    @Test
    void withLinesASocksServerDoesNotWarn() throws ConfigException {
        StunnelConfig c = conf.load("[p]", Conf.SERVER, "accept = 1", "protocol = socks", "protocolAllow = *:443");
        assertTrue(Conf.noticeTexts(c).stream().noneMatch(t -> t.contains("protocolAllow")));
        assertEquals(1, Conf.only(c).negotiation().allow().size());
    }

    @Test
    void globalLinesAreDefaultsForEverySection() throws ConfigException {
        StunnelConfig c = conf.load(Conf.SERVER, "protocolAllow = *.example.com:443", "[a]", "accept = 1",
                "protocol = socks", "[b]", "accept = 2", "protocol = https-proxy", "protocolAllow = 10.0.0.1:22");
        assertEquals(1, c.services().get(0).negotiation().allow().size());
        assertEquals(2, c.services().get(1).negotiation().allow().size());
    }

    @Test
    void aConnectClientNeedsProtocolHostAsStunnel575Says() {
        assertEquals("Service [c]: protocolHost not specified",
                conf.lastError("[c]", "client = yes", "accept = 1", "connect = 2", "protocol = connect"));
    }

    @Test
    void aConnectClientTakesItsSniFromProtocolHost() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("[c]", "client = yes", "accept = 1", "connect = proxy.example:3128",
                "protocol = connect", "protocolHost = target.example:8443", "protocolUsername = u",
                "protocolPassword = p", "protocolHeader = X-A: 1", "protocolHeader = X-B: 2"));
        assertEquals("target.example", s.tls().sni().orElseThrow());
        assertEquals(List.of("X-A: 1", "X-B: 2"), s.negotiation().headers());
        assertTrue(s.negotiation().hasCredentials());
    }
}
