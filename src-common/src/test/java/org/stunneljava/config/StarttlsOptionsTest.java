package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code protocol = smtp, pop3, imap, nntp, ldap, pgsql} in the configuration: which modes load (stunnel's
 * PROTOCOL_CHECK), which stay refused (cifs, capwin, capwinctrl: not supported by stunnel-java), the redirect
 * incompatibility of the servers that connect their backend before TLS, and the client's default SNI.
 */
class StarttlsOptionsTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private ServiceConfig client(String... extra) throws ConfigException {
        return Conf.only(conf.load(lines(new String[]{"[c]", "client = yes", "accept = 1", "connect = mx.example:25"},
                extra)));
    }

    private ServiceConfig server(String... extra) throws ConfigException {
        return Conf.only(conf.load(lines(new String[]{"[s]", Conf.SERVER, "accept = 1", "connect = 2"}, extra)));
    }

    private static String[] lines(String[] head, String[] tail) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(head), java.util.Arrays.stream(tail))
                .toArray(String[]::new);
    }

    @ParameterizedTest
    @CsvSource({"smtp, SMTP", "SMTP, SMTP", "pop3, POP3", "Imap, IMAP", "nntp, NNTP", "ldap, LDAP", "pgsql, PGSQL"})
    void theStarttlsClientsLoadWithTheirNameInAnyCase(String name, NegotiationKind kind) throws ConfigException {
        assertEquals(kind, client("protocol = " + name).negotiation().kind());
    }

    @ParameterizedTest
    @CsvSource({"smtp, SMTP", "pop3, POP3", "IMAP, IMAP", "pgsql, PGSQL"})
    void theirServersLoad(String name, NegotiationKind kind) throws ConfigException {
        assertEquals(kind, server("protocol = " + name).negotiation().kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nntp", "ldap", "capwinctrl"})
    void serversStunnelLacksAreRefusedWithItsMessage(String name) {
        assertEquals("Service [s]: The '" + name + "' protocol is not supported in the server mode",
                conf.lastError("[s]", Conf.SERVER, "accept = 1", "connect = 2", "protocol = " + name));
    }

    @ParameterizedTest
    @CsvSource({"cifs, yes, client", "cifs, no, server", "capwin, yes, client", "capwin, no, server",
            "CAPWINCTRL, yes, client"})
    void protocolsWeDoNotSpeakAreRefusedByName(String name, String client, String mode) {
        String canonical = name.toLowerCase(java.util.Locale.ROOT);
        assertEquals("Service [x]: The '" + canonical + "' protocol is not supported by stunnel-java in the " + mode
                        + " mode",
                conf.lastError("[x]", "client = " + client, Conf.SERVER, "accept = 1", "connect = 2",
                        "protocol = " + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp", "pop3", "imap"})
    void redirectIsIncompatibleWithTheServersThatConnectBeforeTls(String name) {
        assertEquals("Service [s]: \"redirect\" is incompatible with the specified protocol negotiation",
                conf.lastError("[s]", Conf.SERVER, "accept = 1", "connect = 2", "protocol = " + name,
                        "redirect = 3", "verifyChain = yes", "CAfile = ca.pem"));
    }

    @Test
    void thePgsqlServerNegotiatesBeforeTlsWithoutItsBackendSoRedirectWorks() throws ConfigException {
        ServiceConfig s = server("protocol = pgsql", "redirect = 3", "verifyChain = yes", "CAfile = ca.pem");
        assertEquals(1, s.redirect().size());
    }

    @Test
    void anSmtpClientAsksForItsConnectHostNotForItsEhloName() throws ConfigException {
        // stunnel would send "localhost" (protocolHost without a colon): see NegotiationOptions.host()
        assertEquals(Optional.of("mx.example"), client("protocol = smtp", "protocolHost = me.example")
                .tls().sni());
        assertEquals(Optional.of("mx.example"), client("protocol = smtp", "protocolHost = me.example:25")
                .tls().sni());
        assertEquals(Optional.of("other.example"), client("protocol = smtp", "protocolHost = me.example",
                "sni = other.example").tls().sni());
    }

    @Test
    void theOtherClientsKeepStunnelsSniFromProtocolHost() throws ConfigException {
        assertEquals(Optional.of("localhost"), client("protocol = pop3", "protocolHost = pop.example").tls().sni());
        assertEquals(Optional.of("pop.example"), client("protocol = pop3", "protocolHost = pop.example:995")
                .tls().sni());
    }

    @Test
    void smtpCredentialsAndMechanismAreKeptAsWritten() throws ConfigException {
        Negotiation n = client("protocol = smtp", "protocolHost = me.example", "protocolUsername = u",
                "protocolPassword = p w", "protocolAuthentication = Login").negotiation();
        assertEquals(Optional.of("me.example"), n.host());
        assertEquals("Login", n.authentication());
        assertEquals(true, n.hasCredentials());
    }
}
