package org.stunneljava.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.config.ConfigListing;
import org.stunneljava.config.Origin;

/**
 * The verdict of one line, from its name, its value and its section: a table of {@code section options | line |
 * verdict}. The section options are what is in effect where the line is ({@code global} for the global section).
 */
class ClassifierTest {

    static Stream<Arguments> verdicts() {
        return Stream.of(
                // by name: the option table's status
                row("", "accept = 443", "supported"),
                row("", "noSuchOption = 1", "not supported: not a stunnel option (\"Specified option name is not"
                        + " valid here\")"),
                row("", "pid = /run/x.pid", "not supported: a global option, here in a section (\"Specified option"
                        + " name is not valid here\")"),
                row("global", "pid = /run/x.pid", "supported"),
                row("global", "engine = pkcs11", "not supported: never: OpenSSL engines do not exist on the JVM; use"
                        + " key and certificate files"),
                row("", "engineId = pkcs11", "not supported: never: OpenSSL engines do not exist on the JVM; use"
                        + " key and certificate files"),
                row("global", "setuid = stunnel4", "differs: " + ValueRules.IDENTITY),
                row("", "libwrap = yes", "not supported: not yet: TCP wrappers (/etc/hosts.allow, /etc/hosts.deny)"),
                row("", "reset = no", "not supported: not yet"),
                row("global", "fips = yes", "not supported: never: FIPS mode needs Bouncy Castle's separately"
                        + " certified FIPS edition, which stunnel-java does not use"),
                row("global", "RNDfile = /dev/urandom", "differs: accepted, no effect: the JVM seeds its own random"
                        + " generator"),
                row("", "stack = 65536", "differs: accepted, no effect: virtual threads size their own stacks"),
                row("", "ticketKeySecret = 00112233445566778899aabbccddeeff", "differs: " + ValueRules.TICKETS),
                row("", "maxClients = 100", "supported (stunnel-java extension)"),
                row("", "keyPasswordFile = pass.txt", "supported (stunnel-java extension)"),
                row("", "CURVE = X25519", "supported"), // an alias, case-insensitive
                // by value
                row("global", "foreground = no", "differs: " + ValueRules.FOREGROUND_NO),
                row("global", "foreground = yes", "supported"),
                row("global", "foreground = quiet", "supported"),
                row("client=yes accept=1", "exec = /bin/cat", "not supported: not yet in client sections (TLS to a"
                        + " local program): stunnel-java runs exec in server sections"),
                row("connect=2", "exec = /bin/cat", "not supported: not yet without accept (an exec+connect"
                        + " service)"),
                row("accept=1", "exec = /bin/cat", "differs: the program's standard error is stunnel-java's, and a"
                        + " program still running when its connection ends on an error or a timeout is terminated"),
                row("accept=1 exec=/bin/sh", "execArgs = sh -i", "differs: the program's argv[0] is exec's path,"
                        + " not \"sh\" (the JDK cannot set argv[0]); the other words are passed as written"),
                row("accept=1 exec=/bin/sh", "execArgs = /bin/sh -i", "supported"),
                row("client=yes", "protocol = cifs", "not supported: never: SMB's obsolete NetBIOS TLS upgrade"),
                row("", "protocol = CAPWIN", "not supported: never: a proprietary CAPWIN scheme"),
                row("", "protocol = capwinctrl", "not supported: stunnel refuses it in the server mode too"),
                row("client=yes", "protocol = socks", "not supported: not yet in the client mode (the socks server"
                        + " is supported)"),
                row("", "protocol = socks", "differs: the server answers after it connected the destination (a"
                        + " failed connect gets an error reply where stunnel answers success, then resets);"
                        + " ::ffff:127.0.0.1 counts as loopback"),
                row("client=yes", "protocol = connect", "not supported: needs protocolHost, as in stunnel 5.73+"
                        + " (5.68 starts, then fails every connection)"),
                row("client=yes protocolHost=h:443", "protocol = connect", "supported"),
                row("client=yes protocol=connect protocolHost=h:443", "protocolAuthentication = NTLM",
                        "not supported: not yet: NTLM proxy authentication; use basic"),
                row("client=yes protocol=connect protocolHost=h:443", "protocolAuthentication = basic", "supported"),
                row("client=yes", "protocol = smtp", "differs: the default SNI is the connect host, not protocolHost;"
                        + " AUTH follows EHLO, as in stunnel 5.73+ (5.68: HELO)"),
                row("", "protocol = smtp", "supported"),
                row("client=yes", "protocol = proxy", "not supported: stunnel refuses it in the client mode too"),
                row("", "protocol = ldap", "not supported: stunnel refuses it in the server mode too"),
                row("client=yes", "protocol = ldap", "supported"),
                row("", "protocol = https-proxy", "supported (stunnel-java extension)"),
                row("", "protocol = gopher", "not supported: an unknown protocol (\"Protocol not supported\")"),
                row("client=yes", "sni = primary:*.example.com", "not supported: PRIMARY:pattern defines a virtual"
                        + " service, which needs a server section (stunnel would send the text as a host name)"),
                row("", "sni = primary:*.example.com", "supported"),
                row("client=yes connect=exit:443", "transparent = destination", "supported (stunnel-java extension:"
                        + " with connect, the original destination is carried to the exit server; stunnel refuses"
                        + " this pair)"),
                row("client=yes", "transparent = destination", "supported"),
                row("", "cert = pkcs11:token=T;object=C", "not supported: never: a PKCS#11 URI needs an OpenSSL"
                        + " engine or provider; stunnel-java reads PEM and PKCS#12 files"),
                row("", "key = PKCS11:object=K", "not supported: never: a PKCS#11 URI needs an OpenSSL engine or"
                        + " provider; stunnel-java reads PEM and PKCS#12 files"),
                row("", "cert = /etc/stunnel/server.p12", "differs: a PKCS#12 file: its CA certificates are sent"
                        + " along with the leaf (stunnel sends the leaf only)"),
                row("", "cert = /etc/stunnel/server.pem", "supported"),
                row("", "options = NO_TLSv1", "supported"),
                row("", "options = -NO_TICKET", "supported"),
                row("", "options = SINGLE_ECDH_USE", "supported (no effect with OpenSSL 3 either)"),
                row("", "options = -NO_SSLv3", "differs: SSLv3 is never offered, as with OpenSSL 3"),
                row("", "options = NO_SSLv3", "supported"),
                row("", "options = ALLOW_CLIENT_RENEGOTIATION", "differs: Bouncy Castle never renegotiates: a peer's"
                        + " request gets a no_renegotiation alert"),
                row("", "options = -NO_RENEGOTIATION", "differs: Bouncy Castle never renegotiates: a peer's request"
                        + " gets a no_renegotiation alert"),
                row("", "options = -NO_COMPRESSION", "differs: Bouncy Castle has no TLS compression"),
                row("", "options = ENABLE_KTLS", "differs: accepted, no effect in stunnel-java"),
                row("", "renegotiation = yes", "differs: Bouncy Castle never renegotiates: a peer's request gets a"
                        + " no_renegotiation alert"),
                row("", "renegotiation = no", "supported"),
                row("", "securityLevel = 0", "supported"),
                row("", "securityLevel = 3", "differs: not applied to the peer's certificate (its key size and"
                        + " signature algorithms); applied to suites, groups, versions and our own key"),
                row("", "sslVersion = all", "supported"),
                row("", "sslVersion = TLSv1.2", "supported"),
                row("", "sslVersion = SSLv3", "differs: SSLv3 is never offered, as with OpenSSL 3"),
                row("", "sslVersionMax = TLSv1.1", "differs: TLSv1 and TLSv1.1 need securityLevel = 0, as with"
                        + " OpenSSL 3"),
                row("securityLevel=0", "sslVersionMax = TLSv1.1", "supported"),
                row("", "sslVersionMin = TLSv1", "supported"),
                row("", "sessionCacheTimeout = 3600", "differs: TLS 1.2 sessions only: TLS 1.3 sessions are never"
                        + " resumed (Bouncy Castle 1.84)"),
                row("", "session = 3600", "differs: TLS 1.2 sessions only: TLS 1.3 sessions are never resumed"
                        + " (Bouncy Castle 1.84)"),
                row("sslVersionMax=TLSv1.2", "sessionCacheSize = 10", "supported"),
                row("", "sessionResume = no", "supported"));
    }

    private static Arguments row(String section, String line, String verdict) {
        return Arguments.of(section, line, verdict);
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @MethodSource("verdicts")
    void eachLineGetsItsVerdict(String section, String line, String verdict) {
        assertEquals(verdict, Classifier.judge(line(line), context(section, false)).render());
    }

    /** {@code pid} differs only when the file holds both modes, for which each program writes its own. */
    @ParameterizedTest(name = "both modes: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void pidDiffersWhenBothModesShareTheFile(boolean bothModes) {
        Verdict verdict = Classifier.judge(line("pid = /run/stunnel.pid"), context("global", bothModes));
        assertEquals(bothModes ? Verdict.Kind.DIFFERS : Verdict.Kind.SUPPORTED, verdict.kind(), verdict.render());
    }

    static ConfigListing.Line line(String text) {
        int eq = text.indexOf('=');
        String key = text.substring(0, eq).trim();
        return new ConfigListing.Line(key, text.substring(eq + 1).trim(), new Origin(Path.of("t.conf"), 1, text),
                ConfigListing.option(key));
    }

    /** "global", or space-separated option=value pairs of a section ("" for a section with none). */
    static LineContext context(String section, boolean bothModes) {
        Map<String, String> values = new HashMap<>();
        boolean global = section.equals("global");
        if (!global) {
            for (String pair : section.split(" ")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    values.put(pair.substring(0, eq).toLowerCase(Locale.ROOT), pair.substring(eq + 1));
                }
            }
        }
        return new LineContext(global, values, bothModes);
    }
}
