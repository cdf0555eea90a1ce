package org.stunneljava.config;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Bad configuration files on which stunnel 5.68 and stunnel-java must print the same error lines. Each fails
 * while stunnel loads it (nothing is bound or connected). Cases where we deliberately differ (bracketed IPv6,
 * options not supported yet, ports above 65535) are not here: they have their own tests.
 */
final class ParityCases {
    private ParityCases() {
    }

    /**
     * @param name       what the case shows
     * @param content    the bytes of stunnel.conf
     * @param extraFiles other files (e.g. of an include directory), relative to the working directory
     */
    record Case(String name, byte[] content, Map<String, String> extraFiles) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String CLIENT = "foreground = yes\n[s]\nclient = yes\naccept = 127.0.0.1:0\nconnect = 1\n";
    private static final String SERVER = "foreground = yes\n[s]\naccept = 127.0.0.1:0\nconnect = 1\ncert = x.pem\n";
    /** Ends a valid service so that its end-of-section checks run, then fails on the next line. */
    private static final String FAIL_NEXT = "[z]\nbogus\n";

    static List<Case> all() {
        return List.of(
                c("no equals sign, raw line quoted", "foreground = yes\n  bogus line  \n"),
                c("unknown option with a tab", "\tfoo = bar\n"),
                c("global option inside a section", "foreground = yes\n[a]\nforeground = yes\n"),
                c("bracketed key", "[a]=b\n"),
                c("unclosed bracket", "[a\n"),
                c("byte order mark and CRLF", "\uFEFFforeground = yes\r\n[a]\r\nbogus\r\n"),
                c("byte order mark quoted in a line-1 error", "\uFEFFbogus\n"),
                c("bad boolean", CLIENT + "delay = maybe\n"),
                c("bad foreground", "foreground = maybe\n"),
                c("bad syslog", "syslog = 1\n"),
                c("verify 5", CLIENT + "verify = 5\n"),
                c("verify 3x", CLIENT + "verify = 3x\n"),
                c("idle timeout", CLIENT + "TIMEOUTidle = abc\n"),
                c("busy timeout empty", CLIENT + "TIMEOUTbusy =\n"),
                c("close timeout fraction", CLIENT + "TIMEOUTclose = 1.5\n"),
                c("connect timeout", CLIENT + "TIMEOUTconnect = x\n"),
                c("protocol version", CLIENT + "sslVersion = TLSv1.4\n"),
                c("protocol range", CLIENT + "sslVersionMin = TLSv1.3\nsslVersionMax = TLSv1.2\n"),
                c("debug level", "debug = bogus\n"),
                c("debug level alias", "debug = warn\n"),
                c("debug level 8", "debug = 8\n"),
                c("syslog facility", "debug = bogus.info\n"),
                c("facility with empty first part", "debug = .info\n"),
                c("facility in a section", CLIENT + "debug = local0.info\n"),
                c("failover", CLIENT + "failover = random\n"),
                c("RNDbytes", "RNDbytes = many\n"),
                c("RNDoverwrite", "RNDoverwrite = maybe\n"),
                c("stack", CLIENT + "stack = big\n"),
                c("unknown TLS option", CLIENT + "options = NO_TLSv1_4\n"),
                c("unknown TLS option to clear", CLIENT + "options = -NO_SUCH_THING\n"),
                c("TLS option with a space after the minus", CLIENT + "options = - NO_TICKET\n"),
                c("security level 6", CLIENT + "securityLevel = 6\n"),
                c("security level -1", CLIENT + "securityLevel = -1\n"),
                c("security level not a number", CLIENT + "securityLevel = high\n"),
                c("renegotiation", CLIENT + "renegotiation = sometimes\n"),
                c("session cache size", SERVER + "sessionCacheSize = abc\n"),
                c("session cache timeout", SERVER + "sessionCacheTimeout = x\n"),
                c("session alias", SERVER + "session = 10x\n"),
                c("session resume", SERVER + "sessionResume = maybe\n"),
                c("ticket key length", SERVER + "ticketKeySecret = 00112233\n"),
                c("ticket key not hex", SERVER + "ticketKeySecret = zz\n"),
                c("ticket key colon inside a pair", SERVER + "ticketKeySecret = 0:0112233445566778899aabbccddeeff0\n"),
                c("ticket mac length", SERVER + "ticketMacSecret = 00112233445566778899aabbccddeeff00\n"),
                c("ticket key without mac", SERVER + "ticketKeySecret = 00112233445566778899aabbccddeeff\n"),
                c("ticket mac without key", SERVER + "ticketMacSecret = 00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff\n"),
                c("transparent mode unknown", SERVER + "transparent = sideways\n"),
                c("transparent destination besides connect in a server", SERVER + "transparent = destination\n"),
                c("transparent destination without accept", "foreground = yes\n[a]\nclient = yes\n"
                        + "transparent = destination\n"),
                c("unknown protocol", CLIENT + "protocol = bogus\n"),
                c("empty protocol", CLIENT + "protocol =\n"),
                c("proxy protocol in a client, any case", CLIENT + "protocol = PROXY\n"),
                c("global proxy protocol inherited by a client", "foreground = yes\nprotocol = proxy\n[s]\n"
                        + "client = yes\naccept = 127.0.0.1:0\nconnect = 1\n"),
                c("nntp server", SERVER + "protocol = nntp\n"),
                c("ldap server", SERVER + "protocol = ldap\n"),
                c("capwinctrl server", SERVER + "protocol = capwinctrl\n"),
                c("smtp server with redirect", SERVER + "protocol = smtp\nredirect = 2\n"),
                c("pop3 server with redirect, any case", SERVER + "protocol = POP3\nredirect = 2\n"),
                c("imap server with redirect", SERVER + "redirect = 2\nprotocol = imap\n"),
                c("pgsql server with redirect reaches the verification check",
                        SERVER + "protocol = pgsql\nredirect = 2\n"),
                c("smtp client with redirect", CLIENT + "protocol = smtp\nredirect = 2\n"),
                c("missing certificate before an unknown protocol", "foreground = yes\n[a]\naccept = 127.0.0.1:0\n"
                        + "connect = 1\nprotocol = bogus\n"),
                c("checkHost before an unknown protocol", CLIENT + "checkHost = x\nprotocol = bogus\n"),
                c("unknown protocol before missing connect", "foreground = yes\n[a]\nclient = yes\n"
                        + "accept = 127.0.0.1:0\nprotocol = bogus\n"),
                c("unknown protocol before client redirect", CLIENT + "redirect = 2\nprotocol = bogus\n"),
                c("unknown protocol before a missing CA", CLIENT + "verifyChain = yes\nprotocol = bogus\n"),
                c("proxy server without connect", "foreground = yes\n[a]\naccept = 127.0.0.1:0\ncert = x.pem\n"
                        + "protocol = proxy\n"),
                c("exec besides accept and connect", SERVER + "exec = /bin/cat\n"),
                c("socks server with connect", SERVER + "protocol = socks\n"),
                c("connect server without connect", "foreground = yes\n[a]\naccept = 127.0.0.1:0\ncert = x.pem\n"
                        + "protocol = connect\n"),
                c("connect client without connect", "foreground = yes\n[a]\nclient = yes\naccept = 127.0.0.1:0\n"
                        + "protocol = connect\nprotocolHost = h:1\n"),
                c("server without certificate", "foreground = yes\n[a]\naccept = 127.0.0.1:0\nconnect = 1\n"),
                c("missing connect", "foreground = yes\n[a]\naccept = 127.0.0.1:0\ncert = x.pem\n"),
                c("section error before the next line", "foreground = yes\n[a]\nconnect = 1\n" + FAIL_NEXT),
                c("verifyChain without CA", CLIENT + "verifyChain = yes\n"),
                c("verify 2 without CA", CLIENT + "verify = 2\n"),
                c("checkHost without verification", CLIENT + "checkHost = x\n"),
                c("checkEmail without verification", CLIENT + "checkEmail = a@example.com\n"),
                c("checkEmail before missing endpoints", "foreground = yes\n[a]\nclient = yes\ncheckEmail = a@b\n"),
                c("verifyChain with an emptied CApath", CLIENT + "CApath = /tmp\nverifyChain = yes\nCApath =\n"),
                c("CRL options need no verification but a later error still shows",
                        CLIENT + "CRLfile = crl.pem\nCRLpath = crls\nverify = 1\n"),
                c("checkIP before missing endpoints", "foreground = yes\n[a]\nclient = yes\ncheckIP = ::1\n"),
                c("inherited checkHost", "foreground = yes\nclient = yes\nCAfile = ca.pem\ncheckHost = localhost\n"
                        + "[x]\naccept = 127.0.0.1:0\nconnect = 1\n"),
                c("relative pid while daemonizing", "pid = rel.pid\n[a]\n"),
                c("relative output before pid", "output = rel.log\npid = rel.pid\n[a]\n"),
                c("unknown TCP service", onlyAccept("127.0.0.1:nosuchsvc")),
                c("service names are case-sensitive", onlyAccept("127.0.0.1:HTTPS")),
                c("negative port", onlyAccept("127.0.0.1:-1")),
                c("hexadecimal port", onlyAccept("127.0.0.1:0x50")),
                c("empty accept host", onlyAccept(":0")),
                c("SNI without colon", SERVER + "sni = nocolon\n"),
                c("SNI primary not found", SERVER + "sni = zz:x\n"),
                c("SNI primary is a client", "foreground = yes\n[p]\nclient = yes\naccept = 127.0.0.1:0\n"
                        + "connect = 1\n[a]\ncert = x.pem\nconnect = 2\nsni = p:x\n"),
                c("OCSP flag with OpenSSL's prefix", CLIENT + "OCSPflag = OCSP_NOCERTS\n"),
                c("OCSP flag unknown", CLIENT + "OCSPflag = bogus\n"),
                c("OCSPaia not a boolean", CLIENT + "OCSPaia = maybe\n"),
                c("OCSPnonce not a boolean", CLIENT + "OCSPnonce = 1\n"),
                c("socket without a kind", CLIENT + "socket =\n"),
                c("socket kind without colon", CLIENT + "socket = a\n"),
                c("socket kind unknown", CLIENT + "socket = x:SO_KEEPALIVE=1\n"),
                c("socket kind upper case", CLIENT + "socket = A:SO_KEEPALIVE=1\n"),
                c("socket option name in lower case", CLIENT + "socket = a:so_keepalive=1\n"),
                c("socket option name after a space", CLIENT + "socket = a: SO_KEEPALIVE=1\n"),
                c("socket option without a value", CLIENT + "socket = a:SO_KEEPALIVE\n"),
                c("socket flag 2", CLIENT + "socket = a:SO_KEEPALIVE=2\n"),
                c("socket flag after a space", CLIENT + "socket = r:TCP_NODELAY= yes\n"),
                c("socket number in hexadecimal", CLIENT + "socket = r:SO_RCVBUF=0x10\n"),
                c("socket number with a second equals sign", CLIENT + "socket = r:SO_RCVBUF=5=6\n"),
                c("TCP_MAXSEG is not built on Linux", CLIENT + "socket = r:TCP_MAXSEG=1000\n"),
                c("socket linger seconds not a number", CLIENT + "socket = l:SO_LINGER=1:x\n"),
                c("socket device name of 16 bytes", CLIENT + "socket = a:SO_BINDTODEVICE=abcdefghijklmnop\n"),
                c("socket error in the global section", "socket = r:SO_RCVBUF=x\n[s]\n"),
                c("socket error before a later bad line", CLIENT + "socket = l:SO_LINGER=\nsocket = r:IP_TTL=?\n"),
                c("local that does not resolve", CLIENT + "local = no.such.host.invalid\n"),
                c("local with a port", CLIENT + "local = 127.0.0.1:5000\n"),
                c("local empty", CLIENT + "local =\n"),
                c("local as a path", CLIENT + "local = /tmp/x\n"),
                c("local in brackets", CLIENT + "local = [::1]\n"),
                c("local error before the end of the section", CLIENT + "local = 127.0.0.1\nlocal = x.invalid\n"),
                c("empty file", ""),
                c("inetd mode with accept", "client = yes\naccept = 127.0.0.1:0\nconnect = 1\n"),
                c("inetd mode without endpoint", "client = yes\n"),
                c("include directory missing", "include = nodir\n"),
                new Case("error inside an included file", bytes("include = inc\n"),
                        Map.of("inc/00-g.conf", "foreground = yes\n", "inc/01-one.conf", "[one]\nbogus\n")),
                new Case("section error while reading an include", bytes("[first]\nclient = yes\ninclude = d\n"),
                        Map.of("d/1.conf", "[second]\n")),
                new Case("global option in an include inside a section", bytes("[s]\ninclude = d\n"),
                        Map.of("d/1.conf", "pid = /run/x.pid\n")),
                psk("PSK key shorter than 16 bytes", "test1:0123456789abcdefghij\ntest2:0123456789abcde\n"),
                psk("PSK hex key shorter than 16 bytes", "test1:0123456789abcdef0123456789abcd\n"),
                psk("PSK line without a colon", "\ntest1:0123456789abcdefghij\r\nbogus\n"),
                psk("PSK identity too long", "i".repeat(256) + ":0123456789abcdefghij\n"),
                psk("PSK key too long", "i:" + "k".repeat(513) + "\n"),
                psk("PSK file without keys", "\n\n"),
                c("PSK file missing", "foreground = yes\n[s]\naccept = 127.0.0.1:0\nconnect = 1\n"
                        + "PSKsecrets = missing.txt\n"),
                new Case("PSK identity not in the file", bytes(CLIENT + "PSKsecrets = psk.txt\nPSKidentity = test2\n"),
                        Map.of("psk.txt", "test1:0123456789abcdefghij\n")));
    }

    /** A server service whose only authentication is a PSKsecrets file with this content. */
    private static Case psk(String name, String secrets) {
        return new Case(name, bytes("foreground = yes\n[s]\naccept = 127.0.0.1:0\nconnect = 1\nPSKsecrets = psk.txt\n"),
                Map.of("psk.txt", secrets));
    }

    /** A client service whose only accept value cannot be used. */
    private static String onlyAccept(String value) {
        return "foreground = yes\n[s]\nclient = yes\naccept = " + value + "\nconnect = 1\n" + FAIL_NEXT;
    }

    private static Case c(String name, String content) {
        return new Case(name, bytes(content), Map.of());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
