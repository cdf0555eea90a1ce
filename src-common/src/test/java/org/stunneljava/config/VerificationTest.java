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
import org.stunneljava.log.Severity;

/** verify/verifyChain/verifyPeer/requireCert/checkHost/checkIP/CAfile, their side effects and warnings. */
class VerificationTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private Verification server(String... lines) throws ConfigException {
        List<String> all = new java.util.ArrayList<>(List.of("[s]", Conf.SERVER, "accept = 1", "connect = 2",
                "CAfile = ca.pem"));
        all.addAll(List.of(lines));
        return Conf.only(conf.load(all.toArray(String[]::new))).tls().verification();
    }

    @ParameterizedTest(name = "verify = {0}")
    @CsvSource(textBlock = """
            0, true, false, false, false
            1, true, false, true,  false
            2, true, true,  true,  false
            3, true, true,  true,  true
            4, true, true,  false, true
            """)
    void ObsoleteVerifyLevelsMapToTheFlags(int level, boolean request, boolean require, boolean chain,
                                           boolean peer) throws ConfigException {
        Verification v = server("verify = " + level);
        assertEquals(List.of(request, require, chain, peer),
                List.of(v.requestCert(), v.requireCert(), v.verifyChain(), v.verifyPeer()));
    }

    @Test
    void VerifyChainTurnsOnRequireCertAndALaterRequireCertNoTurnsItOff() throws ConfigException {
        assertTrue(server("verifyChain = yes").requireCert());
        Verification v = server("verifyChain = yes", "requireCert = no");
        assertFalse(v.requireCert());
        assertTrue(v.verifyChain());
        assertTrue(v.requestCert(), "the certificate is still requested");
    }

    @Test
    void RequireCertBeforeVerifyChainIsOverriddenByIt() throws ConfigException {
        assertTrue(server("requireCert = no", "verifyChain = yes").requireCert());
    }

    @Test
    void RequireCertAloneNeedsNoTrustAnchors() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("[s]", Conf.SERVER, "accept = 1", "connect = 2", "requireCert = yes"));
        assertTrue(s.tls().verification().requireCert());
        assertFalse(s.tls().verification().verifies());
    }

    @Test
    void CheckHostAndCheckIpAccumulate() throws ConfigException {
        Verification v = server("verifyChain = yes", "checkHost = a.example", "checkHost = b.example",
                "checkIP = 192.0.2.1", "checkIP = ::1");
        assertEquals(List.of("a.example", "b.example"), v.checkHost());
        assertEquals(List.of("192.0.2.1", "::1"), v.checkIp());
    }

    @Test
    void VerificationWithoutCAfileFails() {
        assertEquals("Service [s]: Either \"CAengine\", \"CAfile\" or \"CApath\" has to be configured",
                conf.lastError("[s]", Conf.SERVER, "accept = 1", "connect = 2", "verifyPeer = yes"));
        assertEquals("Service [s]: Either \"CAengine\", \"CAfile\" or \"CApath\" has to be configured",
                conf.lastError("[s]", Conf.SERVER, "accept = 1", "connect = 2", "CAfile = ca.pem", "CAfile =",
                        "verify = 2"), "an empty CAfile means none");
    }

    @Test
    void SubjectChecksWithoutVerificationFail() {
        assertEquals("Service [s]: Either \"verifyChain\" or \"verifyPeer\" has to be enabled",
                conf.lastError("[s]", Conf.SERVER, "accept = 1", "connect = 2", "checkIP = 192.0.2.1"));
        assertEquals("Service [s]: Either \"verifyChain\" or \"verifyPeer\" has to be enabled",
                conf.lastError("[s]", Conf.SERVER, "accept = 1", "connect = 2", "verify = 0", "checkHost = x"));
    }

    @Test
    void SubjectCheckIsReportedBeforeMissingEndpointsAndCA() {
        assertEquals("Service [s]: Either \"verifyChain\" or \"verifyPeer\" has to be enabled",
                conf.lastError("[s]", "client = yes", "checkHost = x"));
        assertEquals("Service [s]: Either \"CAengine\", \"CAfile\" or \"CApath\" has to be configured",
                conf.lastError("[s]", "client = yes", "checkHost = x", "verifyChain = yes"));
    }

    @Test
    void CApathSatisfiesTheTrustAnchorCheckAndAnEmptyValueMeansNone() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("[s]", Conf.SERVER, "accept = 1", "connect = 2", "verifyChain = yes",
                "CApath = certs"));
        assertEquals(java.util.Optional.of(dir.resolve("certs")), s.tls().verification().caPath());
        assertEquals(java.util.Optional.empty(), s.tls().verification().caFile());
        assertEquals("Service [s]: Either \"CAengine\", \"CAfile\" or \"CApath\" has to be configured",
                conf.lastError("[s]", Conf.SERVER, "accept = 1", "connect = 2", "CApath = certs", "CApath =",
                        "verify = 4"));
    }

    @Test
    void CrlFileAndCrlPathAreResolvedAndTurnOnRevocationChecking() throws ConfigException {
        Verification v = server("CRLfile = crl.pem", "CRLpath = /var/crls");
        assertEquals(java.util.Optional.of(dir.resolve("crl.pem")), v.crlFile());
        assertEquals(java.util.Optional.of(Path.of("/var/crls")), v.crlPath());
        assertTrue(v.checksRevocation());
        assertFalse(server("CRLfile = crl.pem", "CRLfile =").checksRevocation(), "an empty value means none");
        assertFalse(v.verifies(), "CRLs alone do not turn verification on, as in stunnel");
    }

    @Test
    void CheckEmailAccumulatesAndNeedsVerification() throws ConfigException {
        Verification v = server("verifyPeer = yes", "checkEmail = a@example.com", "checkEmail = b@example.com");
        assertEquals(List.of("a@example.com", "b@example.com"), v.checkEmail());
        assertEquals("Service [s]: Either \"verifyChain\" or \"verifyPeer\" has to be enabled",
                conf.lastError("[s]", Conf.SERVER, "accept = 1", "connect = 2", "checkEmail = a@example.com"));
    }

    @Test
    void TrustOptionsInTheGlobalSectionAreInherited() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("CApath = certs", "CRLpath = crls", "checkEmail = ops@example.com",
                "verifyPeer = yes", "[s]", Conf.SERVER, "accept = 1", "connect = 2"));
        Verification v = s.tls().verification();
        assertEquals(List.of("ops@example.com"), v.checkEmail());
        assertEquals(java.util.Optional.of(dir.resolve("crls")), v.crlPath());
        assertTrue(v.caPath().isPresent());
    }

    @Test
    void AClientCheckingAnEmailAddressIsNotWarned() throws ConfigException {
        StunnelConfig c = conf.load("[out]", "client = yes", "accept = 1", "connect = 2", "verifyChain = yes",
                "CApath = certs", "checkEmail = server@example.com");
        assertFalse(Conf.noticeTexts(c).stream().anyMatch(t -> t.startsWith("Service [out]")));
    }

    @Test
    void ClientWithoutVerificationIsWarnedAboutMitm() throws ConfigException {
        StunnelConfig c = conf.load("[out]", "client = yes", "accept = 1", "connect = 2");
        assertTrue(c.notices().contains(new StartupNotice(Severity.WARNING,
                "Service [out] needs authentication to prevent MITM attacks")));
    }

    @Test
    void ClientVerifyingTheChainWithoutSubjectChecksIsWarned() throws ConfigException {
        StunnelConfig c = conf.load("[out]", "client = yes", "accept = 1", "connect = 2", "verifyChain = yes",
                "CAfile = ca.pem");
        List<String> texts = Conf.noticeTexts(c);
        int i = texts.indexOf("Service [out] uses \"verifyChain\" without subject checks");
        assertEquals("Use \"checkHost\" or \"checkIP\" to restrict trusted certificates", texts.get(i + 1));
    }

    @Test
    void PinnedOrSubjectCheckedClientsAndServersAreNotWarned() throws ConfigException {
        for (String extra : List.of("verifyPeer = yes", "verifyChain = yes\ncheckHost = backend.example")) {
            List<String> lines = new java.util.ArrayList<>(List.of("[out]", "client = yes", "accept = 1",
                    "connect = 2", "CAfile = ca.pem"));
            lines.addAll(List.of(extra.split("\n")));
            assertFalse(Conf.noticeTexts(conf.load(lines.toArray(String[]::new))).stream()
                    .anyMatch(t -> t.startsWith("Service [out]")), extra);
        }
        assertFalse(Conf.noticeTexts(conf.load("[in]", Conf.SERVER, "accept = 1", "connect = 2")).stream()
                .anyMatch(t -> t.startsWith("Service [in]")));
    }
}
