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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.config.Transparency.Next;

/**
 * {@code transparent} with stunnel's checks (its modes, and destination mode as an endpoint), and the gateway
 * options {@code transparentAllow} / {@code transparentExtension}: each error at its line or section, and each
 * accepted combination resolved to where its connections go ({@link Transparency.Next}).
 */
class TransparentOptionsTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "no", "NONE"})
    void noneAndItsLegacySpellingLoad(String value) throws ConfigException {
        Transparency t = transparency("[c]", "client = yes", "accept = 1", "connect = 2", "transparent = " + value);
        assertEquals(new Transparency(TransparentMode.NONE, Next.CONNECT, List.of(), 65371), t);
        assertFalse(t.spoofsSource());
    }

    @ParameterizedTest
    @CsvSource({"source, SOURCE", "yes, SOURCE", "both, BOTH", "Destination, DESTINATION"})
    void theOtherModesAndLegacySpellingResolve(String value, TransparentMode expected) throws ConfigException {
        Transparency t = transparency("[c]", "client = yes", "accept = 1", "connect = 2", "transparent = " + value);
        assertEquals(expected, t.mode());
        assertEquals(expected != TransparentMode.DESTINATION, t.spoofsSource());
        assertEquals(expected.destination() ? Next.CARRY : Next.CONNECT, t.next());
    }

    @Test
    void withoutTheOptionNothingIsTransparent() throws ConfigException {
        assertEquals(Transparency.NONE, transparency("[s]", Conf.SERVER, "accept = 1", "connect = 2"));
    }

    private Transparency transparency(String... lines) throws ConfigException {
        return Conf.only(conf.load(lines)).transparency();
    }

    @Test
    void anUnknownModeIsStunnelsError() {
        assertEquals(conf.at(2, "transparent = sideways", "Selected transparent proxy mode is not available"),
                conf.lastError("[c]", "transparent = sideways"));
    }

    @Test
    void destinationModeIsAConnectingEndpointAsInStunnel() throws ConfigException {
        // a client with accept and transparent = destination has its two endpoints: stunnel's destination mode...
        assertEquals(Next.ORIGINAL, transparency("[c]", "client = yes", "accept = 1", "transparent = destination")
                .next());
        // ...as has such a server without an allow-list
        assertEquals(Next.ORIGINAL, transparency("[s]", Conf.SERVER, "accept = 1", "transparent = destination")
                .next());
        // ...a server with connect besides has three, as stunnel says
        assertEquals("Service [s]: Each service must define two endpoints", conf.lastError("[s]", Conf.SERVER,
                "accept = 1", "connect = 2", "transparent = destination"));
        // and source mode is no endpoint at all
        assertEquals("Service [c]: Each service must define two endpoints",
                conf.lastError("[c]", "client = yes", "accept = 1", "transparent = source"));
    }

    @Test
    void aGatewayClientCarriesTheDestinationToItsConnect() throws ConfigException {
        Transparency t = transparency("[c]", "client = yes", "accept = 1", "connect = 127.0.0.1:443",
                "transparent = destination", "transparentExtension = 65400");
        assertEquals(new Transparency(TransparentMode.DESTINATION, Next.CARRY, List.of(), 65400), t);
    }

    @Test
    void anExitServerWithAnAllowListNeedsVerification() throws ConfigException {
        String[] exit = {"[x]", Conf.SERVER, "accept = 1", "transparent = destination",
                "transparentAllow = 10.0.0.0/8:443"};
        assertEquals("Service [x]: Either \"verifyChain\" or \"verifyPeer\" has to be enabled for"
                + " \"transparentAllow\": only an authenticated client may name a destination", conf.lastError(exit));
        String[] verified = {"[x]", Conf.SERVER, "accept = 1", "transparent = destination",
                "transparentAllow = 10.0.0.0/8:443", "verifyChain = yes", "CAfile = ca.pem"};
        Transparency t = transparency(verified);
        assertEquals(Next.CARRIED, t.next());
        assertEquals("[10.0.0.0/8:443]", t.allow().toString());
    }

    @Test
    void allowLinesAreCheckedAtTheirOwnLine() {
        String error = conf.lastError("[x]", Conf.SERVER, "accept = 1", "transparent = destination",
                "transparentAllow = 10.0.0.0/8:443", "transparentAllow = exit.example:443");
        assertTrue(error.startsWith(conf.at(6, "transparentAllow = exit.example:443", "")), error);
        assertTrue(error.contains("host names are not allowed"), error);
    }

    @Test
    void allowLinesBelongToADestinationServer() {
        assertEquals("Service [x]: \"transparentAllow\" needs \"transparent = destination\"", conf.lastError("[x]",
                Conf.SERVER, "accept = 1", "connect = 2", "transparentAllow = 10.0.0.0/8"));
        assertEquals("Service [c]: \"transparentAllow\" is for server sections (the exit server)",
                conf.lastError("[c]", "client = yes", "accept = 1", "connect = 2", "transparent = destination",
                        "transparentAllow = 10.0.0.0/8"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"65281", "65279", "100", "65536", "0xff5b", "x"})
    void theExtensionTypeIsAPrivateUseOneButNotRenegotiationInfo(String value) {
        String line = "transparentExtension = " + value;
        assertEquals(conf.at(5, line, "Invalid transparentExtension: a private-use type, 65280-65535, not 65281"
                + " (renegotiation_info)"), conf.lastError("[c]", "client = yes", "accept = 1", "connect = 2", line));
    }

    @Test
    void anExtensionTypeWithoutDestinationModeIsAnError() {
        assertEquals("Service [c]: \"transparentExtension\" needs \"transparent = destination\"",
                conf.lastError("[c]", "client = yes", "accept = 1", "connect = 2", "transparentExtension = 65400"));
    }
}
