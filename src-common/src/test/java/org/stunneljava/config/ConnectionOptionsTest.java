package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.config.SocketOptionValue.Flag;
import org.stunneljava.config.SocketOptionValue.Linger;
import org.stunneljava.config.SocketOptionValue.Number;
import org.stunneljava.config.SocketOptionValue.Text;
import org.stunneljava.config.SocketOptionValue.TimeVal;

/**
 * {@code socket}, {@code local}, {@code maxClients} and {@code retry}: what loads, with which value, and stunnel
 * 5.68's message for what does not (each message checked against the real stunnel by the cases in
 * {@link ParityCases}).
 */
class ConnectionOptionsTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    /** A valid client service with more lines from line 5 on. */
    private ServiceConfig with(String... lines) throws ConfigException {
        List<String> all = new java.util.ArrayList<>(List.of("[s]", "client = yes", "accept = 1", "connect = 2"));
        all.addAll(List.of(lines));
        return Conf.only(conf.load(all.toArray(String[]::new)));
    }

    private String errorOf(String line) {
        return conf.lastError("[s]", "client = yes", "accept = 1", "connect = 2", line);
    }

    @Test
    void stunnelsDefaultSocketOptions() throws ConfigException {
        SocketOptions s = with().connections().socket();
        assertEquals(Map.of(SocketOption.SO_REUSEADDR, new Flag(true)), s.accept());
        assertEquals(Map.of(SocketOption.TCP_NODELAY, new Flag(true)), s.local());
        assertEquals(Map.of(SocketOption.TCP_NODELAY, new Flag(true)), s.remote());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            socket = a:SO_KEEPALIVE=yes        | a | SO_KEEPALIVE    | yes
            socket = a:SO_KEEPALIVE=YES        | a | SO_KEEPALIVE    | yes
            socket = l:SO_KEEPALIVE=1          | l | SO_KEEPALIVE    | yes
            socket = a:SO_REUSEADDR=no         | a | SO_REUSEADDR    | no
            socket = r:TCP_NODELAY=0           | r | TCP_NODELAY     | no
            socket = r:SO_RCVBUF=65536         | r | SO_RCVBUF       | 65536
            socket = r:SO_RCVBUF=              | r | SO_RCVBUF       | 0
            socket = r:SO_RCVBUF=-5            | r | SO_RCVBUF       | -5
            socket = r:SO_RCVBUF=+5            | r | SO_RCVBUF       | 5
            socket = r:SO_RCVBUF= 10           | r | SO_RCVBUF       | 10
            socket = r:SO_RCVBUF=99999999999   | r | SO_RCVBUF       | 1215752191
            socket = r:SO_RCVBUF=99999999999999999999999 | r | SO_RCVBUF | -1
            socket = l:TCP_KEEPIDLE=30         | l | TCP_KEEPIDLE    | 30
            socket = l:TCP_KEEPINTVL=5         | l | TCP_KEEPINTVL   | 5
            socket = l:TCP_KEEPCNT=3           | l | TCP_KEEPCNT     | 3
            socket = r:IP_TOS=16               | r | IP_TOS          | 16
            socket = r:IP_TTL=7                | r | IP_TTL          | 7
            socket = l:SO_LINGER=1:60          | l | SO_LINGER       | 1:60
            socket = l:SO_LINGER=1             | l | SO_LINGER       | 1:0
            socket = l:SO_LINGER=              | l | SO_LINGER       | 0:0
            socket = l:SO_LINGER=-1:70000      | l | SO_LINGER       | 65535:4464
            socket = l:SO_RCVTIMEO=5:100       | l | SO_RCVTIMEO     | 5:100
            socket = l:SO_SNDTIMEO=:5          | l | SO_SNDTIMEO     | 0:5
            socket = a:SO_BINDTODEVICE=lo      | a | SO_BINDTODEVICE | lo
            socket = a:SO_BINDTODEVICE=abcdefghijklmno | a | SO_BINDTODEVICE | abcdefghijklmno
            socket = a:SO_BINDTODEVICE=        | a | SO_BINDTODEVICE | ''
            socket = a:IPV6_V6ONLY=yes         | a | IPV6_V6ONLY     | yes
            socket = r:IP_FREEBIND=1           | r | IP_FREEBIND     | yes
            """)
    void socketValuesAreReadAsStunnelReadsThem(String line, char kind, SocketOption option, String value)
            throws ConfigException {
        SocketOptions s = with(line).connections().socket();
        SocketOptions.Kind k = switch (kind) {
            case 'a' -> SocketOptions.Kind.ACCEPT;
            case 'l' -> SocketOptions.Kind.LOCAL;
            default -> SocketOptions.Kind.REMOTE;
        };
        assertEquals(value, s.of(k).get(option).toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"socket =", "socket = a", "socket = a:", "socket = a:=1", "socket = x:SO_KEEPALIVE=1",
            "socket = A:SO_KEEPALIVE=1", "socket = a:so_keepalive=1", "socket = a: SO_KEEPALIVE=1",
            "socket = a:SO_KEEPALIVE =1", "socket = a:SO_KEEPALIVE", "socket = a:SO_KEEPALIVE=2",
            "socket = r:TCP_NODELAY= yes", "socket = r:SO_RCVBUF=0x10", "socket = r:SO_RCVBUF=5=6",
            "socket = r:TCP_MAXSEG=1000", "socket = l:SO_LINGER=1:x",
            "socket = l:SO_LINGER=1:2:3", "socket = l:SO_RCVTIMEO=x", "socket = a:SO_BINDTODEVICE=abcdefghijklmnop",
            "socket = a:SO_EXCLUSIVEADDRUSE=1", "socket = a:IP_BINDANY=1"})
    void illegalSocketValuesNameTheLine(String line) {
        assertEquals(conf.at(5, line, "Illegal socket option"), errorOf(line));
    }

    @Test
    void aLaterLineReplacesOneValueAndKeepsTheTableOrder() throws ConfigException {
        SocketOptions s = with("socket = r:TCP_NODELAY=no", "socket = r:SO_KEEPALIVE=yes", "socket = r:IP_TOS=8",
                "socket = r:SO_KEEPALIVE=no").connections().socket();
        assertEquals(List.of(SocketOption.SO_KEEPALIVE, SocketOption.IP_TOS, SocketOption.TCP_NODELAY),
                List.copyOf(s.remote().keySet()));
        assertEquals(new Flag(false), s.remote().get(SocketOption.SO_KEEPALIVE));
        assertEquals(new Flag(false), s.remote().get(SocketOption.TCP_NODELAY));
        assertEquals(Map.of(SocketOption.TCP_NODELAY, new Flag(true)), s.local(), "other kinds untouched");
    }

    @Test
    void sectionsInheritTheGlobalSocketOptionsAndLocalAndAddTheirOwn() throws ConfigException {
        StunnelConfig c = conf.load("socket = l:SO_KEEPALIVE=yes", "local = 127.0.0.1",
                "[a]", "client = yes", "accept = 1", "connect = 2", "socket = r:SO_SNDBUF=4096",
                "[b]", "client = yes", "accept = 3", "connect = 4", "socket = l:SO_KEEPALIVE=no");
        ConnectionOptions a = c.services().get(0).connections();
        ConnectionOptions b = c.services().get(1).connections();
        assertEquals(new Flag(true), a.socket().local().get(SocketOption.SO_KEEPALIVE));
        assertEquals(new Number(4096), a.socket().remote().get(SocketOption.SO_SNDBUF));
        assertEquals(new Flag(false), b.socket().local().get(SocketOption.SO_KEEPALIVE));
        assertEquals(null, b.socket().remote().get(SocketOption.SO_SNDBUF), "a's own line is a's only");
        assertEquals(InetAddress.getLoopbackAddress(), a.local().orElseThrow());
        assertEquals(InetAddress.getLoopbackAddress(), b.local().orElseThrow());
    }

    @Test
    void valueTypesMatchTheTable() {
        assertEquals(new Linger(1, 60).toString(), "1:60");
        assertEquals(new TimeVal(5, 100).toString(), "5:100");
        assertEquals(new Text("eth0").toString(), "eth0");
        assertEquals(21, SocketOption.values().length, "the 21 options stunnel -sockets lists on Linux");
    }

    @Test
    void localTakesTheFirstIpv4AddressOfAName() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        InetAddress v4 = InetAddress.getByName("127.0.0.2");
        HostResolver resolver = host -> host.equals("both.example") ? List.of(v6, v4) : List.of(v6);
        ConfigEnvironment env = new ConfigEnvironment(resolver, Conf.SERVICES, dir);
        conf.write("stunnel.conf", "[s]", "client = yes", "accept = 1", "connect = 2", "local = both.example");
        assertEquals(v4, Conf.only(ConfigLoader.load(dir.resolve("stunnel.conf"), env)).connections().local()
                .orElseThrow());
        conf.write("stunnel.conf", "[s]", "client = yes", "accept = 1", "connect = 2", "local = v6.example");
        assertEquals(v6, Conf.only(ConfigLoader.load(dir.resolve("stunnel.conf"), env)).connections().local()
                .orElseThrow());
    }

    @ParameterizedTest(name = "local = {0}")
    @ValueSource(strings = {"no.such.host.invalid", "127.0.0.1:5000", "", "/tmp/x", "[::1]", "::1:80:x"})
    void localThatDoesNotResolveFailsAtItsLine(String host) {
        String line = "local = " + host;
        assertEquals(List.of("Error resolving \"" + host + "\": Neither nodename nor servname known (EAI_NONAME)",
                        conf.at(5, line.strip(), "Failed to resolve local address")),
                conf.error("[s]", "client = yes", "accept = 1", "connect = 2", line.strip()));
    }

    @Test
    void localIsResolvedAtItsLineSoALaterBadLineComesSecond() {
        // stunnel checks each line as it comes: the local error wins over a bad line after it
        assertEquals(conf.at(5, "local = x.invalid", "Failed to resolve local address"),
                conf.lastError("[s]", "client = yes", "accept = 1", "connect = 2", "local = x.invalid", "bogus"));
    }

    @Test
    void localIpv6Literal() throws ConfigException {
        assertEquals(List.of(InetAddress.getLoopbackAddress()), List.of(with("local = ::1").connections().local()
                .orElseThrow()), "the test resolver answers loopback for every name");
    }

    @Test
    void maxClientsGlobalIsTheProcessLimitAndIsNotInherited() throws ConfigException {
        StunnelConfig c = conf.load("maxClients = 50", "[a]", "client = yes", "accept = 1", "connect = 2",
                "[b]", "client = yes", "accept = 3", "connect = 4", "maxClients = 5");
        assertEquals(OptionalInt.of(50), c.global().maxClients());
        assertEquals(OptionalInt.empty(), c.services().get(0).connections().maxClients());
        assertEquals(OptionalInt.of(5), c.services().get(1).connections().maxClients());
    }

    @Test
    void withoutMaxClientsNeitherLimitIsSet() throws ConfigException {
        StunnelConfig c = conf.load("[a]", "client = yes", "accept = 1", "connect = 2");
        assertEquals(OptionalInt.empty(), c.global().maxClients());
        assertEquals(OptionalInt.empty(), c.services().get(0).connections().maxClients());
    }

    @Test
    void maxClientsZeroMeansNoLimit() throws ConfigException {
        assertEquals(OptionalInt.of(0), with("maxClients = 0").connections().maxClients());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"maxClients = -1", "maxClients = many", "maxClients =", "maxClients = 1.5",
            "maxClients = 99999999999"})
    void badMaxClientsNamesTheLine(String line) {
        assertEquals(conf.at(5, line.strip(), "Illegal number of clients"), errorOf(line.strip()));
        assertEquals(conf.at(1, line.strip(), "Illegal number of clients"), conf.lastError(line.strip(), "[s]"));
    }

    @Test
    void maxClientsInAnSniVirtualServiceIsRefusedAtItsLine() {
        assertEquals(conf.at(8, "maxClients = 3", "\"maxClients\" cannot be set in an SNI virtual service: its"
                        + " connections are counted by the primary service when they are accepted"),
                conf.lastError("[p]", "accept = 1", "connect = 2", Conf.SERVER, "[v]", "sni = p:host.example",
                        "connect = 3", "maxClients = 3", Conf.SERVER));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"retry = yes", "retry = NO", "retry = 500", "retry = 0", "retry = +7", "retry =  20"})
    void retryTakesStunnel575sValuesAndIsNotedAsWithoutEffect(String line) throws ConfigException {
        StunnelConfig c = conf.load("[s]", "client = yes", "accept = 1", "connect = 2", line);
        String notice = conf.main() + ":5: \"" + line + "\": Option \"retry\" has no effect in stunnel-java (ignored)";
        assertTrue(Conf.noticeTexts(c).contains(notice), () -> Conf.noticeTexts(c).toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"retry = maybe", "retry = -1", "retry =", "retry = 5s", "retry = 0x10"})
    void badRetryGetsStunnel575sMessage(String line) {
        assertEquals(conf.at(5, line.strip(), "Illegal retry delay"), errorOf(line.strip()));
    }

    @Test
    void strtolSaturatesAndSkipsLeadingSpace() {
        assertEquals(Long.MAX_VALUE, CNumbers.wholeLong("9223372036854775808"));
        assertEquals(Long.MIN_VALUE, CNumbers.wholeLong("-9223372036854775808"));
        assertEquals(Long.MIN_VALUE, CNumbers.wholeLong("-99999999999999999999"));
        assertEquals(42L, CNumbers.wholeLong("\t 42"));
        assertEquals(null, CNumbers.wholeLong("-"));
        assertEquals(null, CNumbers.wholeLong(" "));
        assertEquals(null, CNumbers.wholeLong("4 "));
        assertThrows(OptionError.class, () -> SocketOptionParser.parse("l:SO_LINGER=1:2:3"));
    }

}
