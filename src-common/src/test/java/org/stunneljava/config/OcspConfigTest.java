package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OCSP, OCSPaia, OCSPflag, OCSPnonce, OCSPrequire, TIMEOUTocsp: defaults, values, errors (stunnel 5.75's). */
class OcspConfigTest {
    private static final String[] CLIENT = {"[c]", "client = yes", "accept = 1", "connect = 2", "CAfile = ca.pem",
            "verifyChain = yes"};

    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private OcspOptions client(String... lines) throws ConfigException {
        return Conf.only(conf.load(clientLines(lines))).tls().ocsp();
    }

    private String clientError(String... lines) {
        return conf.lastError(clientLines(lines));
    }

    /** A valid verifying client service, then these lines. */
    private static String[] clientLines(String... lines) {
        List<String> all = new ArrayList<>(List.of(CLIENT));
        all.addAll(List.of(lines));
        return all.toArray(String[]::new);
    }

    @Test
    void DefaultsAreStunnel575s() throws ConfigException {
        OcspOptions o = client();
        assertEquals(OcspOptions.DEFAULT, o);
        assertEquals(Optional.empty(), o.responder());
        assertFalse(o.aia());
        assertEquals(Set.of(), o.flags());
        assertFalse(o.nonce());
        assertTrue(o.require(), "OCSPrequire = yes");
        assertEquals(Duration.ofSeconds(5), o.timeout(), "TIMEOUTocsp = 5");
        assertFalse(o.asksResponders());
    }

    @Test
    void EveryOptionIsRead() throws ConfigException {
        OcspOptions o = client("OCSP = http://ocsp.example:8080/path", "ocspAIA = YES", "OCSPnonce = yes",
                "OCSPrequire = no", "TIMEOUTocsp = 12");
        assertEquals(Optional.of("http://ocsp.example:8080/path"), o.responder());
        assertTrue(o.aia());
        assertTrue(o.nonce());
        assertFalse(o.require());
        assertEquals(Duration.ofSeconds(12), o.timeout());
        assertTrue(o.asksResponders());
    }

    @Test
    void FlagsAccumulateCaseInsensitively() throws ConfigException {
        OcspOptions o = client("OCSPflag = NOVERIFY", "OCSPflag = trustother", "OCSPflag = NoChain");
        assertEquals(EnumSet.of(OcspFlag.NOVERIFY, OcspFlag.TRUSTOTHER, OcspFlag.NOCHAIN), o.flags());
        for (OcspFlag f : OcspFlag.values()) {
            assertEquals(Set.of(f), client("OCSPflag = " + f.name()).flags());
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            OCSPflag    | OCSP_NOCERTS | Illegal OCSP flag
            OCSPflag    | bogus        | Illegal OCSP flag
            OCSPflag    | ''           | Illegal OCSP flag
            OCSPaia     | maybe        | The argument needs to be either 'yes' or 'no'
            OCSPnonce   | 1            | The argument needs to be either 'yes' or 'no'
            OCSPrequire | true         | The argument needs to be either 'yes' or 'no'
            TIMEOUTocsp | 5s           | Illegal OCSP connect timeout
            TIMEOUTocsp | ''           | Illegal OCSP connect timeout
            """)
    void BadValuesAreStunnelsErrorsNamingTheLine(String option, String value, String reason) {
        String line = option + " = " + value;
        assertEquals(conf.at(CLIENT.length + 1, line, reason), clientError(line));
    }

    @Test
    void ANegativeTimeoutMeansNoLimit() throws ConfigException {
        assertEquals(Timeouts.NO_LIMIT, client("TIMEOUTocsp = -1").timeout());
    }

    @Test
    void AskingRespondersNeedsVerifyChain() {
        String reason = "Service [c]: \"verifyChain\" has to be enabled for OCSP support";
        assertEquals(reason, conf.lastError("[c]", "client = yes", "accept = 1", "connect = 2",
                "OCSP = http://127.0.0.1/"));
        assertEquals(reason, conf.lastError("[c]", "client = yes", "accept = 1", "connect = 2", "CAfile = ca.pem",
                "verifyPeer = yes", "OCSPaia = yes"));
        assertEquals(reason, conf.lastError("[c]", "client = yes", "accept = 1", "connect = 2", "CAfile = ca.pem",
                "verifyChain = yes", "OCSPaia = yes", "verifyChain = no"));
    }

    @Test
    void OtherOcspOptionsNeedNoVerification() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("[c]", "client = yes", "accept = 1", "connect = 2",
                "OCSPflag = NOVERIFY", "OCSPnonce = yes", "OCSPrequire = no", "TIMEOUTocsp = 1"));
        assertEquals(Set.of(OcspFlag.NOVERIFY), s.tls().ocsp().flags());
    }

    @Test
    void ServicesInheritTheGlobalSectionsOcspOptions() throws ConfigException {
        StunnelConfig c = conf.load("OCSPaia = yes", "OCSPflag = NOCERTS", "TIMEOUTocsp = 2", "CAfile = ca.pem",
                "verifyChain = yes", "[a]", "client = yes", "accept = 1", "connect = 2", "OCSPflag = NOSIGS",
                "[b]", "client = yes", "accept = 3", "connect = 4", "OCSPaia = no");
        OcspOptions a = c.services().get(0).tls().ocsp();
        OcspOptions b = c.services().get(1).tls().ocsp();
        assertTrue(a.aia());
        assertEquals(EnumSet.of(OcspFlag.NOCERTS, OcspFlag.NOSIGS), a.flags());
        assertEquals(Duration.ofSeconds(2), a.timeout());
        assertFalse(b.aia());
        assertEquals(Set.of(OcspFlag.NOCERTS), b.flags());
    }

    @Test
    void TheOcspUrlIsKeptAsWrittenAndParsedOnlyWhenUsed() throws ConfigException {
        assertEquals(Optional.of("not a url"), client("OCSP = not a url").responder());
        assertEquals(Optional.of(""), client("OCSP =").responder(), "stunnel keeps an empty value too");
    }
}
