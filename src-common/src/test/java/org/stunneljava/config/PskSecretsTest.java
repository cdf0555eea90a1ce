package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PSKsecrets and PSKidentity as stunnel 5.68 reads them (options.c psk_read and the PSKidentity check), each rule
 * checked against the real stunnel while writing it; StunnelParityTest re-runs the error cases against stunnel.
 */
class PskSecretsTest {
    private static final String TEXT_KEY = "0123456789abcdefghijklmnopqrstuv"; // 32 bytes of text: not hex
    private static final String HEX_KEY = "00112233445566778899aabbccddeeff"; // 16 bytes

    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private Path secrets(String name, String content) throws Exception {
        Path file = conf.writeBytes(name, content.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private StunnelConfig server(String... lines) throws ConfigException {
        List<String> all = new java.util.ArrayList<>(List.of("[s]", "accept = 1", "connect = 2"));
        all.addAll(List.of(lines));
        return conf.load(all.toArray(String[]::new));
    }

    private StunnelConfig client(String... lines) throws ConfigException {
        List<String> all = new java.util.ArrayList<>(List.of("[c]", "client = yes", "accept = 1", "connect = 2"));
        all.addAll(List.of(lines));
        return conf.load(all.toArray(String[]::new));
    }

    private static PskOptions psk(StunnelConfig config) {
        return Conf.only(config).tls().psk();
    }

    @Test
    void AServerWithPskSecretsNeedsNoCertificate() throws Exception {
        secrets("psk.txt", "test1:" + TEXT_KEY + "\n");
        PskOptions psk = psk(server("PSKsecrets = psk.txt"));
        assertTrue(psk.enabled());
        assertEquals(java.util.Optional.of(dir.toAbsolutePath().resolve("psk.txt")), psk.secrets());
        assertTrue(psk.clientKey().isEmpty(), "a server accepts every identity of the file");
        assertEquals("Service [s]: TLS server needs a certificate", conf.lastError("[s]", "accept = 1",
                "connect = 2"));
    }

    @Test
    void HexKeysAreBinaryOtherKeysAreTheirTextAndLinesAreSplitAtTheFirstColon() throws Exception {
        secrets("psk.txt", "\ntest1:" + HEX_KEY.toUpperCase() + "\r\n\nid:2:" + TEXT_KEY + "\n:"
                + String.join(":", HEX_KEY.split("(?<=\\G..)")) + "\nnoeol:" + TEXT_KEY);
        StunnelConfig c = server("PSKsecrets = psk.txt");
        List<PskKey> keys = psk(c).keys();
        assertEquals(List.of("test1", "id", "", "noeol"), keys.stream().map(PskKey::identityText).toList());
        assertArrayEquals(HexFormat.of().parseHex(HEX_KEY), keys.get(0).key());
        assertArrayEquals(("2:" + TEXT_KEY).getBytes(StandardCharsets.US_ASCII), keys.get(1).key());
        assertArrayEquals(HexFormat.of().parseHex(HEX_KEY), keys.get(2).key(), "colons between pairs are skipped");
        assertEquals(List.of(
                "PSKsecrets line 2: 16-byte hexadecimal key configured for identity \"test1\"",
                "PSKsecrets line 4: 34-byte ASCII key configured for identity \"id\"",
                "PSKsecrets line 5: 16-byte hexadecimal key configured for identity \"\"",
                "PSKsecrets line 6: 32-byte ASCII key configured for identity \"noeol\"",
                "PSK identities: 4 retrieved"), Conf.noticeTexts(c).stream().filter(t -> t.startsWith("PSK")).toList());
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(textBlock = """
            0011,          0011
            00:11,         0011
            :0011::,       0011
            '::',          ''
            aBcD,          abcd
            a,             -
            '',            -
            001,           -
            0:011,         -
            00 11,         -
            0g,            -
            """)
    void KeysAreHexExactlyWhenOpensslsHexstr2bufAcceptsThem(String text, String hex) {
        byte[] decoded = OpenSslHex.decode(text.getBytes(StandardCharsets.US_ASCII));
        if (hex.equals("-")) {
            assertNull(decoded);
        } else {
            assertArrayEquals(HexFormat.of().parseHex(hex), decoded);
        }
    }

    /** Java knows fullwidth digits; OpenSSL reads bytes, so a ticket secret written with them is not hex. */
    @Test
    void nonAsciiDigitsAreNotHex() {
        assertNull(OpenSslHex.decode("\uFF10\uFF11\uFF12\uFF13"));
        assertArrayEquals(new byte[] {0x01, 0x23}, OpenSslHex.decode("01:23"));
    }

    @Test
    void AClientOffersTheFirstIdentityUnlessPskIdentityNamesAnother() throws Exception {
        secrets("psk.txt", "test1:" + TEXT_KEY + "\ntest2:" + HEX_KEY + "\n");
        assertEquals("test1", psk(client("PSKsecrets = psk.txt")).clientKey().orElseThrow().identityText());
        assertEquals("test2", psk(client("PSKsecrets = psk.txt", "PSKidentity = test2")).clientKey().orElseThrow()
                .identityText());
        assertEquals("test2", psk(client("PSKidentity = test2", "PSKsecrets = psk.txt")).clientKey().orElseThrow()
                .identityText(), "the identity is checked at the end of the section");
    }

    @Test
    void AnIdentityNotInTheFileFailsTheClientSection() throws Exception {
        secrets("psk.txt", "test1:" + TEXT_KEY + "\n");
        assertEquals("Service [c]: No key found for the specified PSK identity",
                conf.lastError("[c]", "client = yes", "accept = 1", "connect = 2", "PSKsecrets = psk.txt",
                        "PSKidentity = TEST1"));
    }

    @Test
    void AServerIgnoresPskIdentityWithANoticeAndWithoutSecretsItIsIgnoredSilently() throws Exception {
        secrets("psk.txt", "test1:" + TEXT_KEY + "\n");
        StunnelConfig c = server("PSKsecrets = psk.txt", "PSKidentity = nobody");
        assertTrue(Conf.noticeTexts(c).contains("PSK identity is ignored in the server mode"));
        assertFalse(psk(client("PSKidentity = nobody")).enabled());
    }

    @Test
    void GlobalSecretsAreReadOnceAndSharedByEveryService() throws Exception {
        secrets("psk.txt", "test1:" + TEXT_KEY + "\n");
        StunnelConfig c = conf.load("PSKsecrets = psk.txt", "[a]", "accept = 1", "connect = 2", "[b]",
                "client = yes", "accept = 3", "connect = 4");
        assertEquals(2, c.services().size());
        assertEquals(c.services().get(0).tls().psk().keys(), c.services().get(1).tls().psk().keys());
        assertEquals(1, Conf.noticeTexts(c).stream().filter(t -> t.startsWith("PSKsecrets line 1:")).count());
        assertEquals(2, Conf.noticeTexts(c).stream().filter(t -> t.equals("PSK identities: 1 retrieved")).count());
    }

    @Test
    void AFileOthersCanReadIsUsedWithStunnelsWarning() throws Exception {
        Path file = secrets("psk.txt", "test1:" + TEXT_KEY + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(Conf.noticeTexts(server("PSKsecrets = psk.txt")).contains("Insecure file permissions on psk.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            short text key   | test1:sixteen-bytes-ok\\ntest2:short    | PSKsecrets line 2: Key shorter than 16 bytes
            short hex key    | test1:abcdefabcdefabcd              | PSKsecrets line 1: Key shorter than 16 bytes
            no colon         | test1:0123456789abcdefghij\\n\\nbogus | PSKsecrets line 3: Not in identity:key format
            a space, no more | ' '                                 | PSKsecrets line 1: Not in identity:key format
            """)
    void ABadLineFailsTheLoadWithStunnelsLines(String name, String content, String detail) throws Exception {
        secrets("bad.txt", content.replace("\\n", "\n") + "\n");
        List<String> errors = conf.error("[s]", "accept = 1", "connect = 2", "PSKsecrets = bad.txt");
        assertEquals(List.of(detail, conf.at(4, "PSKsecrets = bad.txt", "Failed to read PSK secrets")), errors);
    }

    @Test
    void IdentityAndKeyLengthsHaveOpensslsLimits() throws Exception {
        secrets("ok.txt", "i".repeat(255) + ":" + "k".repeat(512) + "\n");
        assertEquals(512, psk(server("PSKsecrets = ok.txt")).keys().get(0).key().length);
        secrets("id.txt", "i".repeat(256) + ":" + TEXT_KEY + "\n");
        assertEquals("PSKsecrets line 1: Identity longer than 256 characters",
                conf.error("[s]", "accept = 1", "connect = 2", "PSKsecrets = id.txt").get(0));
        secrets("key.txt", "i:" + "k".repeat(513) + "\n");
        assertEquals("PSKsecrets line 1: Key longer than 512 bytes",
                conf.error("[s]", "accept = 1", "connect = 2", "PSKsecrets = key.txt").get(0));
    }

    @Test
    void AMissingOrEmptyFileFailsTheLoad() throws Exception {
        assertEquals(List.of("missing.txt: No such file or directory (2)",
                        conf.at(4, "PSKsecrets = missing.txt", "Failed to read PSK secrets")),
                conf.error("[s]", "accept = 1", "connect = 2", "PSKsecrets = missing.txt"));
        secrets("empty.txt", "\n\r\n");
        assertEquals(List.of(conf.at(4, "PSKsecrets = empty.txt", "Failed to read PSK secrets")),
                conf.error("[s]", "accept = 1", "connect = 2", "PSKsecrets = empty.txt"));
    }

    @Test
    void TheKeyNeverAppearsInToString() throws Exception {
        secrets("psk.txt", "test1:" + TEXT_KEY + "\n");
        String shown = psk(server("PSKsecrets = psk.txt")).toString();
        assertFalse(shown.contains(TEXT_KEY), shown);
        assertTrue(shown.contains("identity=test1, 32-byte key"), shown);
    }
}
