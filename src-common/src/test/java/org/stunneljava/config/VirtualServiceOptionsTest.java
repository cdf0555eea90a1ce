package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code sni = PRIMARY:pattern} server sections and {@code redirect}: what they become, and stunnel's errors. */
class VirtualServiceOptionsTest {
    @TempDir
    Path dir;

    private Conf conf() {
        return new Conf(dir);
    }

    private static final String[] PRIMARY = {"[p]", Conf.SERVER, "accept = 1", "connect = 2"};

    private static String[] with(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void SecondarySectionNamesItsPrimaryAndPatternAndNeedsNoAccept() throws ConfigException {
        StunnelConfig c = conf().load(with(PRIMARY, "[v]", Conf.SERVER, "connect = 3", "sni = p:*.Example.com"));
        ServiceConfig v = c.services().get(1);
        assertEquals(Optional.of(new VirtualHost("p", "*.Example.com")), v.virtualHost());
        assertTrue(v.accept().isEmpty());
        assertEquals(Optional.empty(), v.tls().sni(), "a server section sends no SNI");
        assertEquals(Optional.empty(), c.services().get(0).virtualHost());
    }

    @Test
    void SecondaryWithItsOwnAcceptHasThreeEndpoints() {
        assertEquals("Service [v]: Each service must define two endpoints", conf().lastError(
                with(PRIMARY, "[v]", Conf.SERVER, "accept = 5", "connect = 3", "sni = p:a.example")));
    }

    @Test
    void StunnelsSniFormatChecksComeFirst() {
        String[] v = with(PRIMARY, "[v]", Conf.SERVER, "connect = 3");
        assertEquals("Service [v]: Invalid SNI parameter format", conf().lastError(with(v, "sni = nocolon")));
        assertEquals("Service [v]: SNI section name not found", conf().lastError(with(v, "sni = P:a.example")));
        assertEquals("Service [v]: SNI section name not found", conf().lastError(with(v, "sni = later:a.example",
                "[later]", Conf.SERVER, "accept = 7", "connect = 8")));
    }

    @Test
    void SniPrimaryThatIsAClientIsRefused() {
        assertEquals("Service [v]: SNI primary service is a TLS client", conf().lastError("[p]", "client = yes",
                "accept = 1", "connect = 2", "[v]", Conf.SERVER, "connect = 3", "sni = p:x"));
    }

    @Test
    void VirtualServiceSyntaxInAClientSectionIsAnError() {
        Conf c = conf();
        assertEquals(c.at(5, "sni = p:a.example", "\"sni = PRIMARY:pattern\" defines a virtual service, which needs"
                        + " a server section (client = no); a client's sni is a host name"),
                c.lastError("[c]", "client = yes", "accept = 1", "connect = 2", "sni = p:a.example"));
    }

    @ParameterizedTest
    @CsvSource({
            "a.example.com, a.example.com, true",
            "a.example.com, A.EXAMPLE.com, true",
            "a.example.com, b.example.com, false",
            "*.wild.example.com, x.wild.example.com, true",
            "*.wild.example.com, X.Y.WILD.example.COM, true",
            "*.wild.example.com, wild.example.com, false",
            "*example.com, example.com, true",
            "*, anything, true"})
    void PatternsMatchLikeStunnel(String pattern, String name, boolean matches) {
        assertEquals(matches, new VirtualHost("p", pattern).matches(name));
    }

    @Test
    void RedirectTargetsAreResolvedLikeConnect() throws ConfigException {
        ServiceConfig s = Conf.only(conf().load("[s]", Conf.SERVER, "accept = 1", "connect = 2", "verifyChain = yes",
                "CAfile = ca.pem", "redirect = 127.0.0.1:3", "redirect = 4"));
        assertEquals(2, s.redirect().size());
        assertEquals(List.of(), Conf.only(conf().load(PRIMARY)).redirect());
    }

    @Test
    void RedirectNeedsVerificationAndAServerSection() {
        assertEquals("Service [s]: Either \"verifyChain\" or \"verifyPeer\" has to be enabled for \"redirect\" to work",
                conf().lastError("[s]", Conf.SERVER, "accept = 1", "connect = 2", "redirect = 3"));
        assertEquals("Service [s]: \"redirect\" is unsupported in client sections", conf().lastError("[s]",
                "client = yes", "accept = 1", "connect = 2", "verifyChain = yes", "CAfile = ca.pem", "redirect = 3"));
    }

    @Test
    void UnresolvableRedirectDelaysTheLookupOfTheWholeService() throws ConfigException {
        StunnelConfig c = conf().load("[s]", Conf.SERVER, "accept = 1", "connect = 2", "verifyChain = yes",
                "CAfile = ca.pem", "redirect = nowhere.invalid:3");
        assertTrue(Conf.noticeTexts(c).contains("Cannot resolve redirect target - delaying DNS lookup"));
        ServiceConfig s = Conf.only(c);
        assertTrue(s.delay());
        assertFalse(s.redirect().isEmpty());
    }
}
