package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Service options in the global section are defaults for every section (stunnel-behaviour.md rows 26-27). */
class InheritanceTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    @Test
    void GlobalServiceOptionsAreDefaultsForEverySection() throws ConfigException {
        StunnelConfig c = conf.load("cert = shared.pem", "TIMEOUTidle = 30", "failover = rr",
                "[a]", "accept = 1", "connect = 10", "connect = 11",
                "[b]", "accept = 2", "connect = 20", "connect = 21");
        for (ServiceConfig s : c.services()) {
            assertEquals(dir.resolve("shared.pem"), s.tls().cert().orElseThrow(), s.name());
            assertEquals(30, s.timeouts().idle().toSeconds());
            assertEquals(Failover.RR, s.failover());
            assertEquals(new Origin(conf.main(), 1, "cert = shared.pem"), s.origins().get("cert"));
        }
    }

    @Test
    void SectionValuesOverrideDefaultsAndDoNotLeakToLaterSections() throws ConfigException {
        StunnelConfig c = conf.load("client = yes", "TIMEOUTidle = 30",
                "[a]", "accept = 1", "connect = 2", "TIMEOUTidle = 5", "client = no", "cert = a.pem",
                "[b]", "accept = 3", "connect = 4");
        assertEquals(5, c.services().get(0).timeouts().idle().toSeconds());
        assertFalse(c.services().get(0).client());
        assertEquals(30, c.services().get(1).timeouts().idle().toSeconds());
        assertTrue(c.services().get(1).client());
    }

    @Test
    void RepeatedGlobalOptionsAccumulateBeforeTheSectionsOwn() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("connect = 10", "checkHost = a.example",
                "[a]", "client = yes", "accept = 1", "connect = 11", "checkHost = b.example", "verifyChain = yes",
                "CAfile = ca.pem"));
        assertEquals(List.of(new Endpoint.Tcp(null, 10), new Endpoint.Tcp(null, 11)), s.connect());
        assertEquals(List.of("a.example", "b.example"), s.tls().verification().checkHost());
    }

    @Test
    void GlobalCheckHostBreaksASectionWithoutVerification() {
        assertEquals("Service [x]: Either \"verifyChain\" or \"verifyPeer\" has to be enabled",
                conf.lastError("client = yes", "CAfile = ca.pem", "checkHost = localhost",
                        "[x]", "accept = 1", "connect = 2"));
    }

    @Test
    void SideEffectsOfGlobalLinesCarryOverInOrder() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("verifyChain = yes", "requireCert = no", "CAfile = ca.pem",
                "[a]", Conf.SERVER, "accept = 1", "connect = 2"));
        assertTrue(s.tls().verification().verifyChain());
        assertFalse(s.tls().verification().requireCert());
    }

    @Test
    void LaterSectionValueWinsOverEarlierOne() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("[a]", "cert = one.pem", "accept = 1", "connect = 2",
                "cert = two.pem"));
        assertEquals(dir.resolve("two.pem"), s.tls().cert().orElseThrow());
        assertEquals(5, s.origins().get("cert").line());
    }

    @Test
    void GlobalOnlyOptionInsideASectionIsNotValidThere() {
        assertEquals(conf.at(3, "foreground = yes", "Specified option name is not valid here"),
                conf.lastError("foreground = yes", "[a]", "foreground = yes"));
    }

    @Test
    void GlobalDebugFacilityIsOnlyAcceptedBeforeTheFirstSection() throws ConfigException {
        assertEquals(org.stunneljava.log.Facility.LOCAL3,
                conf.load("debug = local3.notice", "[a]", "client = yes", "accept = 1", "connect = 2")
                        .global().facility());
    }

    @Test
    void SectionErrorIsReportedBeforeALaterLinesError() {
        assertEquals(List.of("Service [a]: TLS server needs a certificate"),
                conf.error("[a]", "accept = 1", "connect = 2", "[b]", "bogus"));
    }

    @Test
    void ServerNeedsCertificateBeforeEndpointsAreChecked() {
        assertEquals("Service [a]: TLS server needs a certificate", conf.lastError("[a]"));
        assertEquals("Service [a]: Each service must define two endpoints",
                conf.lastError("[a]", Conf.SERVER, "accept = 1"));
    }
}
