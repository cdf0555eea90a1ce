package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** stunnel's line rules (reference: stunnel-options.md section 1). */
class ParserRulesTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private ServiceConfig client(String... extra) throws ConfigException {
        String[] lines = new String[extra.length + 4];
        lines[0] = "foreground = yes";
        lines[1] = "[s]";
        lines[2] = "client = yes";
        lines[3] = "accept = 1080";
        System.arraycopy(extra, 0, lines, 4, extra.length);
        return Conf.only(conf.load(lines));
    }

    @Nested
    class Comments {
        @ParameterizedTest
        @ValueSource(strings = {"; a comment", "# a comment", "   ;indented", "\t# tab-indented"})
        void WholeLineCommentsAreIgnored(String comment) throws ConfigException {
            assertEquals(1, client(comment, "connect = 443").connect().size());
        }

        @Test
        void InlineSemicolonIsPartOfTheValue() throws ConfigException {
            ServiceConfig s = client("checkHost = a.example ; not a comment", "verifyChain = yes", "CAfile = ca.pem",
                    "connect = 443");
            assertEquals(List.of("a.example ; not a comment"), s.tls().verification().checkHost());
        }

        @Test
        void InlineCommentInConnectMakesThePortUnknownAndDelaysTheService() throws ConfigException {
            StunnelConfig c = conf.load("foreground = yes", "[s]", "client = yes", "accept = 1080",
                    "connect = 127.0.0.1:9 ; note");
            ServiceConfig s = Conf.only(c);
            assertTrue(s.delay());
            assertEquals(List.of(), s.connect());
            assertTrue(Conf.noticeTexts(c).contains("Unknown TCP service \"9 ; note\""));
            assertTrue(Conf.noticeTexts(c).contains("Cannot resolve connect target - delaying DNS lookup"));
            assertEquals("127.0.0.1", s.tls().sni().orElseThrow(), "SNI still comes from the connect value");
        }
    }

    @Nested
    class Lines {
        @Test
        void ValueIsSplitAtTheFirstEquals() throws ConfigException {
            ServiceConfig s = client("checkHost = a=b", "verifyChain = yes", "CAfile = ca.pem", "connect = 443");
            assertEquals(List.of("a=b"), s.tls().verification().checkHost());
        }

        @Test
        void KeyIsRightTrimmedAndValueLeftTrimmed() throws ConfigException {
            ServiceConfig s = client("  sni \t=\t  name.example   ", "connect = 443");
            assertEquals("name.example", s.tls().sni().orElseThrow());
        }

        @Test
        void LineWithoutEqualsFailsWithTheRawLineQuoted() {
            List<String> errors = conf.error("foreground = yes", "  bogus line  ");
            assertEquals(List.of(conf.at(2, "  bogus line  ", "No '=' found")), errors);
        }

        @Test
        void ControlCharactersInQuotedLinesArePrintedAsDots() {
            assertEquals(conf.at(1, ".foo = bar", "Specified option name is not valid here"),
                    conf.lastError("\tfoo = bar"));
        }

        @Test
        void CarriageReturnsAreDroppedAndByteOrderMarkSkipped() throws ConfigException {
            conf.writeBytes("stunnel.conf", "\uFEFFforeground = yes\r\n[s]\r\nclient = yes\r\naccept = 1\r\nconnect = 2\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            StunnelConfig c = ConfigLoader.load(dir.resolve("stunnel.conf"), conf.env());
            assertEquals(GlobalConfig.Foreground.YES, c.global().foreground());
            assertEquals(new Endpoint.Tcp(null, 2), Conf.only(c).connect().get(0));
        }

        @Test
        void OriginKeepsFileLineAndRawText() throws ConfigException {
            ServiceConfig s = client("   connect = 443   ");
            assertEquals(new Origin(conf.main(), 5, "   connect = 443   "), s.origins().get("connect"));
            assertEquals(new Origin(conf.main(), 2, "[s]"), s.origin());
        }

        @Test
        void LastLineWithoutNewlineIsRead() throws ConfigException {
            conf.writeBytes("stunnel.conf", "[s]\nclient=yes\naccept=1\nconnect=2".getBytes(StandardCharsets.UTF_8));
            assertEquals(1, Conf.only(ConfigLoader.load(dir.resolve("stunnel.conf"), conf.env())).connect().size());
        }
    }

    @Nested
    class Case {
        @Test
        void OptionNamesAndKeywordsAreCaseInsensitive() throws ConfigException {
            StunnelConfig c = conf.load("FOREGROUND = Yes", "[s]", "CLIENT = YES", "ACCEPT = 1", "Connect = 2",
                    "FailOver = RR", "SSLVERSION = tlsV1.2");
            ServiceConfig s = Conf.only(c);
            assertTrue(s.client());
            assertEquals(Failover.RR, s.failover());
            assertEquals(TlsVersion.TLSv1_2, s.tls().minVersion());
        }

        @Test
        void SectionNamesKeepTheirCase() throws ConfigException {
            assertEquals("MixedCase", Conf.only(conf.load("[MixedCase]", "client=yes", "accept=1", "connect=2")).name());
        }
    }

    @Nested
    class Sections {
        @Test
        void EmptyAndDuplicateSectionNamesAreAccepted() throws ConfigException {
            StunnelConfig c = conf.load("[]", "client=yes", "accept=1", "connect=2",
                    "[]", "client=yes", "accept=3", "connect=4");
            assertEquals(List.of("", ""), c.services().stream().map(ServiceConfig::name).toList());
        }

        @Test
        void SectionNameMayContainEquals() throws ConfigException {
            assertEquals("a=b", Conf.only(conf.load("[a=b]", "client=yes", "accept=1", "connect=2")).name());
        }

        @Test
        void UnclosedBracketIsAnOptionLine() {
            assertEquals(conf.at(1, "[a", "No '=' found"), conf.lastError("[a"));
        }

        @Test
        void BracketedKeyIsNotAnOption() {
            assertEquals(conf.at(1, "[a]=b", "Specified option name is not valid here"), conf.lastError("[a]=b"));
        }

        @Test
        void ServicesOfBothModesAreKeptInFileOrder() throws ConfigException {
            StunnelConfig c = conf.load("[in]", Conf.SERVER, "accept = 1", "connect = 2",
                    "[out]", "client = yes", "accept = 3", "connect = 4");
            assertEquals(List.of("in", "out"), c.services().stream().map(ServiceConfig::name).toList());
            assertFalse(c.services().get(0).client());
            assertTrue(c.services().get(1).client());
        }
    }
}
