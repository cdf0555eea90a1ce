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

/** accept/connect values: stunnel's address syntax, resolution at load time, and the delayed resolver. */
class AddressTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    private final Addresses addresses = new Addresses(Conf.RESOLVER, Conf.SERVICES);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            443                   | null               | 443
            0                     | null               | 0
            65535                 | null               | 65535
            0443                  | null               | 443
            127.0.0.1:8443        | 127.0.0.1          | 8443
            localhost:https       | localhost          | 443
            host.example:www      | host.example       | 80
            ::1:443               | ::1                | 443
            :::443                | ::                 | 443
            fe80::1:2:3:993       | fe80::1:2:3        | 993
            [::1]:443             | ::1                | 443
            [2001:db8::5]:imaps   | 2001:db8::5        | 993
            """)
    void TcpFormsSplitAtTheLastColon(String value, String host, int port) {
        assertEquals(new Endpoint.Tcp(host, port), addresses.parse(value, true).endpoint());
    }

    @Test
    void ValueStartingWithSlashIsAUnixSocket() {
        assertEquals(new Endpoint.Unix(Path.of("/run/app.sock")), addresses.parse("/run/app.sock", true).endpoint());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:nosuchsvc   | Unknown TCP service "nosuchsvc"
            127.0.0.1:HTTPS       | Unknown TCP service "HTTPS"
            syslog                | Unknown TCP service "syslog"
            127.0.0.1:0x50        | Unknown TCP service "0x50"
            127.0.0.1:-1          | Unknown TCP service "-1"
            127.0.0.1:9 ; note    | Unknown TCP service "9 ; note"
            127.0.0.1:            | Unknown TCP service ""
            127.0.0.1:65536       | Invalid port "65536": ports are 0-65535
            127.0.0.1:70000       | Invalid port "70000": ports are 0-65535
            :443                  | Error resolving "": Neither nodename nor servname known (EAI_NONAME)
            nowhere.invalid:443   | Error resolving "nowhere.invalid": Neither nodename nor servname known (EAI_NONAME)
            """)
    void UnusableValuesGiveStunnelsResolverMessage(String value, String message) {
        assertEquals(message, addresses.parse(value, true).error());
    }

    @Test
    void UnixPathLongerThanSunPathIsRefused() {
        assertEquals("Unix socket path is too long", addresses.parse("/" + "x".repeat(107), true).error());
        assertTrue(addresses.parse("/" + "x".repeat(106), true).ok());
    }

    @Test
    void AcceptThatCannotBeResolvedFailsTheService() {
        assertEquals(List.of("Unknown TCP service \"nosuchsvc\"", "Service [s]: Cannot resolve accept target"),
                conf.error("[s]", "client = yes", "accept = 127.0.0.1:nosuchsvc", "connect = 1"));
    }

    @Test
    void AcceptFailsOnlyWhenNoValueCanBeUsed() throws ConfigException {
        StunnelConfig c = conf.load("[s]", "client = yes", "accept = bad.invalid:1", "accept = 2", "connect = 3");
        assertEquals(List.of(new Endpoint.Tcp(null, 2)), Conf.only(c).accept());
        assertTrue(Conf.noticeTexts(c).contains(
                "Error resolving \"bad.invalid\": Neither nodename nor servname known (EAI_NONAME)"));
    }

    @Test
    void UnresolvableConnectSwitchesToTheDelayedResolver() throws ConfigException {
        StunnelConfig c = conf.load("[s]", "client = yes", "accept = 1", "connect = nonexistent.invalid:443",
                "failover = rr");
        ServiceConfig s = Conf.only(c);
        assertTrue(s.delay());
        assertEquals(Failover.PRIO, s.failover(), "the delayed resolver forces prio");
        assertEquals(List.of(new Endpoint.Tcp("nonexistent.invalid", 443)), s.connect());
        List<StartupNotice> notices = c.notices();
        assertTrue(notices.contains(new StartupNotice(org.stunneljava.log.Severity.ERR,
                "Error resolving \"nonexistent.invalid\": Neither nodename nor servname known (EAI_NONAME)")));
        assertTrue(notices.contains(new StartupNotice(org.stunneljava.log.Severity.INFO,
                "Cannot resolve connect target - delaying DNS lookup")));
    }

    @Test
    void OneResolvableConnectKeepsTheServiceUndelayed() throws ConfigException {
        StunnelConfig c = conf.load("[s]", "client = yes", "accept = 1", "connect = nonexistent.invalid:443",
                "connect = 127.0.0.1:443", "failover = rr");
        ServiceConfig s = Conf.only(c);
        assertFalse(s.delay());
        assertEquals(Failover.RR, s.failover());
        assertEquals(List.of(new Endpoint.Tcp("127.0.0.1", 443)), s.connect());
    }

    @Test
    void ExplicitDelayResolvesNothingAtLoadTime() throws ConfigException {
        StunnelConfig c = conf.load("[s]", "client = yes", "accept = 1", "delay = yes",
                "connect = nonexistent.invalid:443", "connect = 127.0.0.1:443");
        assertEquals(2, Conf.only(c).connect().size());
        assertFalse(Conf.noticeTexts(c).stream().anyMatch(t -> t.startsWith("Error resolving")));
    }

    @Test
    void RepeatedAcceptAndConnectAccumulateInFileOrder() throws ConfigException {
        ServiceConfig s = Conf.only(conf.load("[s]", "client = yes", "accept = 1", "accept = /tmp/a.sock",
                "connect = 10", "connect = ::1:11", "connect = localhost:12"));
        assertEquals(List.of(new Endpoint.Tcp(null, 1), new Endpoint.Unix(Path.of("/tmp/a.sock"))), s.accept());
        assertEquals(List.of(new Endpoint.Tcp(null, 10), new Endpoint.Tcp("::1", 11),
                new Endpoint.Tcp("localhost", 12)), s.connect());
    }

    @Test
    void ServicesFileNamesAndAliasesResolveOnlyForTcp() {
        ServiceNames names = ServiceNames.parse("www-alt 8080/tcp alt # comment\nsyslog 514/udp\n");
        assertEquals(8080, names.tcpPort("alt").orElseThrow());
        assertTrue(names.tcpPort("syslog").isEmpty());
        assertTrue(names.tcpPort("comment").isEmpty());
    }

    @Test
    void SystemServicesFileKnowsHttpsWhenPresent() {
        ServiceNames system = ServiceNames.system();
        if (java.nio.file.Files.isReadable(Path.of("/etc/services"))) {
            assertEquals(443, system.tcpPort("https").orElseThrow());
        }
    }
}
