package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.GlobalConfig.Foreground;
import org.stunneljava.log.Facility;
import org.stunneljava.log.Severity;

/** What a minimal file gets: stunnel 5.68's defaults. */
class DefaultsTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    @Test
    void GlobalDefaults() throws ConfigException {
        GlobalConfig g = conf.load("[s]", Conf.SERVER, "accept = 1", "connect = 2").global();
        assertEquals(Foreground.NO, g.foreground());
        assertEquals(Optional.empty(), g.pid());
        assertEquals(Optional.empty(), g.output());
        assertTrue(g.syslog());
        assertEquals(Severity.NOTICE, g.debug());
        assertEquals(Facility.DAEMON, g.facility());
    }

    @Test
    void ServerServiceDefaults() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("[s]", Conf.SERVER, "accept = 1", "connect = 2"));
        assertFalse(s.client());
        assertFalse(s.delay());
        assertEquals(Failover.PRIO, s.failover());
        assertEquals(Severity.NOTICE, s.debug());
        assertEquals(new Timeouts(Duration.ofSeconds(300), Duration.ofSeconds(10), Duration.ofSeconds(43200),
                Duration.ofSeconds(60)), s.timeouts());
        assertEquals(Timeouts.DEFAULTS, s.timeouts());
        assertEquals(Verification.NONE, s.tls().verification());
        assertEquals(TlsVersion.TLSv1, s.tls().minVersion());
        assertEquals(TlsVersion.TLSv1_3, s.tls().maxVersion());
        assertEquals(Optional.empty(), s.tls().sni(), "a server is no virtual host unless told");
    }

    @Test
    void KeyDefaultsToTheCertFileAndPathsAreRelativeToTheWorkingDirectory() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("[s]", "cert = certs/server.pem", "accept = 1", "connect = 2"));
        assertEquals(dir.resolve("certs/server.pem"), s.tls().cert().orElseThrow());
        assertEquals(dir.resolve("certs/server.pem"), s.tls().key().orElseThrow());
    }

    @Test
    void AbsolutePathsStayAsWritten() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("[s]", "cert = /etc/c.pem", "key = /etc/k.pem", "CAfile = /etc/ca.pem",
                "accept = 1", "connect = 2"));
        assertEquals(Path.of("/etc/k.pem"), s.tls().key().orElseThrow());
        assertEquals(Path.of("/etc/ca.pem"), s.tls().verification().caFile().orElseThrow());
    }

    @Test
    void ClientSniDefaultsToTheHostOfTheFirstConnect() throws ConfigException {
        assertEquals("backend.example", sni("connect = backend.example:443", "connect = other.example:443"));
        assertEquals("::1", sni("connect = ::1:443"));
        assertEquals("::1", sni("connect = [::1]:443"));
        assertEquals("localhost", sni("connect = 443"), "a bare port means localhost");
    }

    @Test
    void ExplicitSniWinsAndEmptySniDisablesIt() throws ConfigException {
        assertEquals("front.example", sni("connect = backend.example:443", "sni = front.example"));
        assertEquals(Optional.empty(), Conf.only(conf.load("[s]", "client = yes", "accept = 1",
                "connect = backend.example:443", "sni =")).tls().sni());
    }

    private String sni(String... lines) throws ConfigException {
        String[] all = new String[lines.length + 3];
        all[0] = "[s]";
        all[1] = "client = yes";
        all[2] = "accept = 1";
        System.arraycopy(lines, 0, all, 3, lines.length);
        return Conf.only(conf.load(all)).tls().sni().orElseThrow();
    }
}
