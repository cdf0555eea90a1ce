package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code transparent} with stunnel's checks (its modes, and destination mode as an endpoint), and the gateway
 * options {@code transparentAllow} / {@code transparentExtension}: each error at its line or section. The modes
 * themselves come with the transparent gateway, so a file that passes every check ends with "not supported yet"
 * at the {@code transparent} line: never silently accepted.
 */
class TransparentOptionsTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private static final String NOT_YET = "Option \"transparent\" is not supported yet";

    @ParameterizedTest
    @ValueSource(strings = {"none", "no", "NONE"})
    void noneAndItsLegacySpellingLoad(String value) throws ConfigException {
        conf.load("[c]", "client = yes", "accept = 1", "connect = 2", "transparent = " + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"source", "yes", "destination", "both", "Destination"})
    void everyOtherModePassesStunnelsChecksAndIsNotSupportedYet(String value) {
        String line = "transparent = " + value;
        assertEquals(conf.at(5, line, NOT_YET), conf.lastError("[c]", "client = yes", "accept = 1", "connect = 2",
                line));
    }

    @Test
    void anUnknownModeIsStunnelsError() {
        assertEquals(conf.at(2, "transparent = sideways", "Selected transparent proxy mode is not available"),
                conf.lastError("[c]", "transparent = sideways"));
    }

    @Test
    void destinationModeIsAConnectingEndpointAsInStunnel() {
        // a client with accept and transparent = destination has its two endpoints...
        assertEquals(conf.at(4, "transparent = destination", NOT_YET),
                conf.lastError("[c]", "client = yes", "accept = 1", "transparent = destination"));
        // ...a server with connect besides has three, as stunnel says
        assertEquals("Service [s]: Each service must define two endpoints", conf.lastError("[s]", Conf.SERVER,
                "accept = 1", "connect = 2", "transparent = destination"));
        // and source mode is no endpoint at all
        assertEquals("Service [c]: Each service must define two endpoints",
                conf.lastError("[c]", "client = yes", "accept = 1", "transparent = source"));
    }

    @Test
    void aGatewayClientCarriesTheDestinationToItsConnect() {
        assertEquals(conf.at(5, "transparent = destination", NOT_YET), conf.lastError("[c]", "client = yes",
                "accept = 1", "connect = exit.example:443", "transparent = destination"));
    }

    @Test
    void anExitServerWithAnAllowListNeedsVerification() {
        String[] exit = {"[x]", Conf.SERVER, "accept = 1", "transparent = destination",
                "transparentAllow = 10.0.0.0/8:443"};
        assertEquals("Service [x]: Either \"verifyChain\" or \"verifyPeer\" has to be enabled for"
                + " \"transparentAllow\": only an authenticated client may name a destination", conf.lastError(exit));
        String[] verified = {"[x]", Conf.SERVER, "accept = 1", "transparent = destination",
                "transparentAllow = 10.0.0.0/8:443", "verifyChain = yes", "CAfile = ca.pem"};
        assertEquals(conf.at(4, "transparent = destination", NOT_YET), conf.lastError(verified));
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
