package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ciphers, ciphersuites, curves, options, securityLevel, renegotiation: parsed as stunnel parses them")
class PolicyOptionsTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private TlsPolicy policy(String... lines) throws ConfigException {
        List<String> all = new java.util.ArrayList<>(List.of("[s]", "client = yes", "accept = 1", "connect = 2"));
        all.addAll(List.of(lines));
        return Conf.only(conf.load(all.toArray(String[]::new))).tls().policy();
    }

    @Test
    void defaultsAreStunnels() throws ConfigException {
        TlsPolicy p = policy();
        assertEquals(TlsPolicy.DEFAULT, p);
        assertEquals(Set.of("NO_SSLv3", "ENABLE_MIDDLEBOX_COMPAT"), p.options());
        assertEquals(2, p.securityLevel());
        assertTrue(p.renegotiation());
    }

    @Test
    void listsAreKeptAsWrittenForTheTlsContext() throws ConfigException {
        TlsPolicy p = policy("ciphers = ECDHE+AESGCM:!aNULL", "ciphersuites = TLS_AES_128_GCM_SHA256",
                "curve = P-384");
        assertEquals(Optional.of("ECDHE+AESGCM:!aNULL"), p.ciphers());
        assertEquals(Optional.of("TLS_AES_128_GCM_SHA256"), p.ciphersuites());
        assertEquals(Optional.of("P-384"), p.curves(), "curve is stunnel's alias of curves");
        assertEquals(Optional.of(""), policy("ciphersuites =").ciphersuites(), "empty: no TLS 1.3 suites");
    }

    @Test
    void optionsAreSetCaseInsensitivelyAndMasksExpand() throws ConfigException {
        TlsPolicy p = policy("options = no_tlsv1_3", "options = NO_TICKET", "options = CIPHER_SERVER_PREFERENCE",
                "options = ALL");
        assertEquals(Set.of("NO_SSLv3", "ENABLE_MIDDLEBOX_COMPAT", "NO_TLSv1_3", "NO_TICKET",
                "CIPHER_SERVER_PREFERENCE", "CRYPTOPRO_TLSEXT_BUG", "DONT_INSERT_EMPTY_FRAGMENTS", "TLSEXT_PADDING", "SAFARI_ECDHE_ECDSA_BUG"),
                p.options());
        assertTrue(p.option("NO_TICKET"));
        assertTrue(policy("options = NO_SSL_MASK").options().containsAll(
                List.of("NO_TLSv1", "NO_TLSv1_1", "NO_TLSv1_2", "NO_TLSv1_3")));
    }

    /** OpenSSL 3.0 gives the DTLS names the bits of TLS versions; obsolete names have no bit at all. */
    @Test
    void dtlsNamesShareTlsBitsAndObsoleteNamesDoNothing() throws ConfigException {
        assertEquals(Set.of("NO_SSLv3", "ENABLE_MIDDLEBOX_COMPAT", "NO_TLSv1"),
                policy("options = NO_DTLSv1").options());
        assertEquals(TlsPolicy.DEFAULT.options(),
                policy("options = MICROSOFT_SESS_ID_BUG", "options = NO_SSLv2").options());
    }

    /** stunnel applies SSL_CTX_set_options, then SSL_CTX_clear_options: a clear wins in either order. */
    @Test
    void aLeadingMinusClearsWhateverTheOrder() throws ConfigException {
        assertFalse(policy("options = NO_TICKET", "options = -NO_TICKET").option("NO_TICKET"));
        assertFalse(policy("options = -NO_TICKET", "options = NO_TICKET").option("NO_TICKET"));
        assertEquals(Set.of(), policy("options = -NO_SSLv3", "options = -ENABLE_MIDDLEBOX_COMPAT").options(),
                "the defaults can be cleared");
    }

    @Test
    void sectionsInheritTheGlobalOptionsAndCanClearThem() throws ConfigException {
        StunnelConfig c = conf.load("options = NO_TICKET", "securityLevel = 3", "ciphers = HIGH",
                "[a]", "client = yes", "accept = 1", "connect = 2",
                "[b]", "client = yes", "accept = 3", "connect = 4", "options = -NO_TICKET", "securityLevel = 1");
        TlsPolicy a = c.services().get(0).tls().policy();
        TlsPolicy b = c.services().get(1).tls().policy();
        assertTrue(a.option("NO_TICKET"));
        assertEquals(3, a.securityLevel());
        assertEquals(Optional.of("HIGH"), b.ciphers());
        assertFalse(b.option("NO_TICKET"));
        assertEquals(1, b.securityLevel());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void securityLevelsZeroToFive(int level) throws ConfigException {
        assertEquals(level, policy("securityLevel = " + level).securityLevel());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            options = NO_TLSv1_4        | Illegal TLS option
            options = -FOO              | Illegal TLS option
            options = - NO_TICKET       | Illegal TLS option
            options =                   | Illegal TLS option
            securityLevel = 6           | Illegal security level
            securityLevel = -1          | Illegal security level
            securityLevel = 2x          | Illegal security level
            securityLevel =             | Illegal security level
            renegotiation = sometimes   | The argument needs to be either 'yes' or 'no'
            """)
    void badValuesGiveStunnelsMessageAtTheLine(String line, String reason) {
        assertEquals(conf.at(5, line, reason),
                conf.lastError("[s]", "client = yes", "accept = 1", "connect = 2", line));
    }

    @Test
    void renegotiationYesInWritingIsWarnedAboutTheDefaultIsNot() throws ConfigException {
        assertEquals(List.of(), renegotiationNotices());
        assertEquals(List.of(), renegotiationNotices("renegotiation = no"));
        assertEquals(List.of("Service [s]: \"renegotiation = yes\" has no effect: Bouncy Castle does not renegotiate"
                        + " (a peer's renegotiation request is refused with a no_renegotiation alert)"),
                renegotiationNotices("renegotiation = yes"));
        assertEquals(1, renegotiationNotices("options = ALLOW_CLIENT_RENEGOTIATION").size());
        assertEquals(List.of(), renegotiationNotices("options = ALLOW_CLIENT_RENEGOTIATION",
                "options = -ALLOW_CLIENT_RENEGOTIATION"));
    }

    private List<String> renegotiationNotices(String... lines) throws ConfigException {
        List<String> all = new java.util.ArrayList<>(List.of("[s]", "client = yes", "accept = 1", "connect = 2",
                "verifyChain = no"));
        all.addAll(List.of(lines));
        return Conf.noticeTexts(conf.load(all.toArray(String[]::new))).stream()
                .filter(t -> t.contains("renegotiat")).toList();
    }
}
