package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.log.Facility;
import org.stunneljava.log.Severity;

/** Values of single options: what is accepted, and stunnel's message for what is not. */
class OptionValuesTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    /** A valid client service with one more line; the line under test is line 5. */
    private ServiceConfig with(String line) throws ConfigException {
        return Conf.only(conf.load("[s]", "client = yes", "accept = 1", "connect = 2", line));
    }

    private String errorOf(String line) {
        return conf.lastError("[s]", "client = yes", "accept = 1", "connect = 2", line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            client = maybe          | The argument needs to be either 'yes' or 'no'
            delay = 1               | The argument needs to be either 'yes' or 'no'
            verifyChain = true      | The argument needs to be either 'yes' or 'no'
            verifyPeer =            | The argument needs to be either 'yes' or 'no'
            requireCert = on        | The argument needs to be either 'yes' or 'no'
            failover = random       | The argument needs to be either 'rr' or 'prio'
            verify = 5              | Bad verify level
            verify = -1             | Bad verify level
            verify = 3x             | Bad verify level
            TIMEOUTbusy =           | Illegal busy timeout
            TIMEOUTconnect = x      | Illegal connect timeout
            TIMEOUTidle = abc       | Illegal idle timeout
            TIMEOUTclose = 1.5      | Illegal close timeout
            TIMEOUTidle = 99999999999 | Illegal idle timeout
            sslVersion = TLSv1.4    | Invalid protocol version
            sslVersionMin = SSLv2   | Invalid protocol version
            sslVersionMax = tls1.2  | Invalid protocol version
            debug = bogus           | Illegal debug level
            debug = 8               | Illegal debug level
            debug = warn            | Illegal debug level
            debug = local0.info     | Illegal debug level
            stack = big             | Illegal thread stack size
            """)
    void BadValuesGiveStunnelsMessage(String line, String reason) {
        assertEquals(conf.at(5, line, reason), errorOf(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            TIMEOUTbusy = 5     | 5  | 10 | 43200 | 60
            TIMEOUTconnect = +3 | 300 | 3 | 43200 | 60
            TIMEOUTidle = 0     | 300 | 10 | 0    | 60
            TIMEOUTclose = 0    | 300 | 10 | 43200 | 0
            """)
    void TimeoutsAreWholeSeconds(String line, int busy, int connect, int idle, int close) throws ConfigException {
        assertEquals(new Timeouts(Duration.ofSeconds(busy), Duration.ofSeconds(connect), Duration.ofSeconds(idle),
                Duration.ofSeconds(close)), with(line).timeouts());
    }

    @Test
    void NegativeTimeoutMeansNoLimit() throws ConfigException {
        assertEquals(Timeouts.NO_LIMIT, with("TIMEOUTidle = -1").timeouts().idle());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sslVersion = TLSv1.2                    | TLSv1_2 | TLSv1_2
            sslVersion = all                        | TLSv1   | TLSv1_3
            sslVersionMin = TLSv1.3                 | TLSv1_3 | TLSv1_3
            sslVersionMax = TLSv1.1                 | TLSv1   | TLSv1_1
            sslVersionMax = SSLv3                   | SSLv3   | SSLv3
            sslVersionMin = tlsv1.1                 | TLSv1_1 | TLSv1_3
            """)
    void ProtocolVersionsBoundTheRange(String line, TlsVersion min, TlsVersion max) throws ConfigException {
        TlsOptions tls = with(line).tls();
        assertEquals(min, tls.minVersion());
        assertEquals(max, tls.maxVersion());
    }

    @Test
    void MinimumAboveMaximumIsAnInvalidRange() {
        assertEquals("Service [s]: Invalid protocol version range", conf.lastError("[s]", "client = yes",
                "accept = 1", "connect = 2", "sslVersionMin = TLSv1.3", "sslVersionMax = TLSv1.2"));
    }

    @Test
    void LaterSslVersionLinesWin() throws ConfigException {
        TlsOptions tls = Conf.only(conf.load("[s]", "client = yes", "accept = 1", "connect = 2",
                "sslVersionMin = TLSv1.3", "sslVersion = TLSv1.2")).tls();
        assertEquals(TlsVersion.TLSv1_2, tls.minVersion());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            debug = 7               | DEBUG   | DAEMON
            debug = info            | INFO    | DAEMON
            debug = ERR             | ERR     | DAEMON
            debug = local0.info     | INFO    | LOCAL0
            debug = Local0.INFO.x   | INFO    | LOCAL0
            debug = authpriv.0      | EMERG   | AUTHPRIV
            """)
    void GlobalDebugTakesAFacilityAndALevel(String line, Severity level, Facility facility) throws ConfigException {
        StunnelConfig c = conf.load(line, "[s]", "client = yes", "accept = 1", "connect = 2");
        assertEquals(level, c.global().debug());
        assertEquals(facility, c.global().facility());
        assertEquals(level, Conf.only(c).debug(), "services inherit the global level");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            debug = bogus.info      | Illegal syslog facility
            debug = .info           | Illegal syslog facility
            debug = daemon.         | Illegal debug level
            debug = daemon.loud     | Illegal debug level
            foreground = maybe      | The argument needs to be either 'yes', 'quiet' or 'no'
            syslog = maybe          | The argument needs to be either 'yes' or 'no'
            RNDbytes = many         | Illegal number of bytes to read from random seed files
            RNDoverwrite = maybe    | The argument needs to be either 'yes' or 'no'
            """)
    void BadGlobalValuesGiveStunnelsMessage(String line, String reason) {
        assertEquals(conf.at(1, line, reason), conf.lastError(line));
    }

    @Test
    void ServiceDebugOverridesTheGlobalLevelForThatServiceOnly() throws ConfigException {
        StunnelConfig c = conf.load("debug = warning", "[a]", "client = yes", "accept = 1", "connect = 2",
                "debug = debug", "[b]", "client = yes", "accept = 3", "connect = 4");
        assertEquals(Severity.DEBUG, c.services().get(0).debug());
        assertEquals(Severity.WARNING, c.services().get(1).debug());
        assertEquals(Severity.WARNING, c.global().debug());
    }
}
