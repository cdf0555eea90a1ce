package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.log.Severity;

/**
 * {@code sessionCacheSize}, {@code sessionCacheTimeout} (alias {@code session}), {@code sessionResume},
 * {@code ticketKeySecret}, {@code ticketMacSecret}: values, defaults, inheritance, and stunnel 5.68's messages
 * (checked against the real stunnel by StunnelParityTest too).
 */
class SessionOptionsTest {
    private static final String KEY16 = "00112233445566778899aabbccddeeff";
    private static final String KEY32 = "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:"
            + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    /** A valid server service with more lines; the first extra line is line 5. */
    private ServiceConfig server(String... lines) throws ConfigException {
        return Conf.only(conf.load(serverLines(lines)));
    }

    private static String[] serverLines(String... lines) {
        List<String> all = new java.util.ArrayList<>(List.of("[s]", "accept = 1", "connect = 2", Conf.SERVER));
        all.addAll(List.of(lines));
        return all.toArray(String[]::new);
    }

    @Test
    void DefaultsAreStunnels() throws ConfigException {
        assertEquals(SessionOptions.DEFAULT, server().tls().sessions());
        assertEquals(new SessionOptions(1000, Duration.ofSeconds(300), true, Optional.empty()),
                SessionOptions.DEFAULT);
    }

    @Test
    void ValuesAreRead() throws ConfigException {
        SessionOptions s = server("sessionCacheSize = 0", "session = 10", "sessionResume = NO").tls().sessions();
        assertEquals(0, s.cacheSize());
        assertEquals(Duration.ofSeconds(10), s.cacheTimeout());
        assertFalse(s.resume());
        assertEquals(Duration.ofSeconds(20), server("sessionCacheTimeout = +20").tls().sessions().cacheTimeout());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sessionCacheSize = abc       | Illegal session cache size
            sessionCacheSize =           | Illegal session cache size
            sessionCacheTimeout = x      | Illegal session cache timeout
            session = 10x                | Illegal session cache timeout
            sessionResume = maybe        | The argument needs to be either 'yes' or 'no'
            """)
    void BadValuesGiveStunnelsMessage(String line, String reason) {
        assertEquals(conf.at(5, line, reason), conf.lastError(serverLines(line)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ticketKeySecret = 00112233                           | ticketKeySecret value has 4 bytes instead of required 16 or 32 bytes
            ticketKeySecret = zz                                 | Required ticketKeySecret is 16 or 32 byte hexadecimal key
            ticketKeySecret = 0:0112233445566778899aabbccddeeff0 | Required ticketKeySecret is 16 or 32 byte hexadecimal key
            ticketKeySecret = 001                                | Required ticketKeySecret is 16 or 32 byte hexadecimal key
            ticketKeySecret =                                    | Required ticketKeySecret is 16 or 32 byte hexadecimal key
            ticketMacSecret = 0                                  | Required ticketMacSecret is 16 or 32 byte hexadecimal key
            ticketMacSecret = 00112233445566778899aabbccddeeff00 | ticketMacSecret value has 17 bytes instead of required 16 or 32 bytes
            """)
    void BadSecretsGiveStunnelsTwoLines(String line, String detail) {
        String option = line.substring(0, line.indexOf(' '));
        assertEquals(List.of(detail, conf.at(5, line, "Failed to read " + option)), conf.error(serverLines(line)));
    }

    @Test
    void SecretsAreHexWithOptionalColons() throws ConfigException {
        TicketSecrets t = server("ticketKeySecret = " + KEY16, "ticketMacSecret = " + KEY32).tls().sessions()
                .ticketSecrets().orElseThrow();
        assertArrayEquals(HexFormat.of().parseHex(KEY16), t.keySecret());
        assertArrayEquals(HexFormat.of().parseHex(KEY16 + KEY16), t.macSecret());
        assertTrue(server("ticketKeySecret = ::" + KEY16 + "::", "ticketMacSecret = " + KEY16).tls().sessions()
                .ticketSecrets().isPresent());
    }

    @Test
    void EitherSecretAloneIsRefusedAtTheEndOfTheSection() {
        String together = "Service [s]: \"ticketKeySecret\" and \"ticketMacSecret\" must be set together";
        assertEquals(together, conf.lastError(serverLines("ticketKeySecret = " + KEY16)));
        assertEquals(together, conf.lastError(serverLines("ticketMacSecret = " + KEY16)));
    }

    @Test
    void AClientIgnoresTheSecretsWithANotice() throws ConfigException {
        StunnelConfig c = conf.load("[c]", "client = yes", "accept = 1", "connect = 2",
                "ticketKeySecret = " + KEY16);
        assertEquals(Optional.empty(), Conf.only(c).tls().sessions().ticketSecrets());
        assertTrue(c.notices().contains(
                new StartupNotice(Severity.NOTICE, "ticketKeySecret is ignored in the client mode")));
    }

    @Test
    void GlobalValuesAreDefaultsForEverySection() throws ConfigException {
        StunnelConfig c = conf.load("sessionCacheSize = 7", "ticketKeySecret = " + KEY16,
                "ticketMacSecret = " + KEY16, Conf.SERVER,
                "[a]", "accept = 1", "connect = 2",
                "[b]", "accept = 3", "connect = 4", "sessionCacheSize = 8");
        assertEquals(7, c.services().get(0).tls().sessions().cacheSize());
        assertEquals(8, c.services().get(1).tls().sessions().cacheSize());
        assertTrue(c.services().get(1).tls().sessions().ticketSecrets().isPresent());
        assertEquals(new Origin(conf.main(), 1, "sessionCacheSize = 7"),
                c.services().get(0).origins().get("sessionCacheSize"));
    }

    @Test
    void Tls13LimitIsAnInfoLineWithDefaultsAndANoticeWhenSessionsAreConfigured() throws ConfigException {
        String note = "TLSv1.3 connections of service [s] are never resumed (Bouncy Castle 1.84 has no TLS 1.3"
                + " resumption): each makes a full handshake; session resumption works with TLSv1.2 and older";
        assertTrue(conf.load(serverLines()).notices().contains(new StartupNotice(Severity.INFO, note)));
        assertTrue(conf.load(serverLines("sessionCacheSize = 5")).notices()
                .contains(new StartupNotice(Severity.NOTICE, note)));
        assertFalse(Conf.noticeTexts(conf.load(serverLines("sslVersionMax = TLSv1.2"))).contains(note));
        assertFalse(Conf.noticeTexts(conf.load(serverLines("sessionResume = no"))).contains(note));
    }
}
