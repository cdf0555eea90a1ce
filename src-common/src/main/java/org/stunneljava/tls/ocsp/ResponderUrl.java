package org.stunneljava.tls.ocsp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.stunneljava.log.Severity;
import org.stunneljava.tls.LogLine;

/**
 * A responder address as OpenSSL's {@code OCSP_parse_url} reads it: {@code [http://][user@]host[:port][/path]},
 * with an IPv6 host in brackets, port 80 by default, path {@code /} by default (query kept in the path). stunnel
 * parses the {@code OCSP} value only when it connects, so a bad one shows then, once per check.
 *
 * @param host the host as written (brackets removed)
 * @param port the TCP port
 * @param path what the POST request line names
 */
record ResponderUrl(String host, int port, String path) {

    /** Parses {@code url}, logging stunnel's line when it cannot be used. */
    static Optional<ResponderUrl> parse(String url, List<LogLine> log) {
        String rest = url;
        boolean tls = false;
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            String name = rest.substring(0, scheme).toLowerCase(Locale.ROOT);
            if (!name.equals("http") && !name.equals("https")) {
                return failed(log);
            }
            tls = name.equals("https");
            rest = rest.substring(scheme + 3);
        }
        int pathStart = firstOf(rest, "/?#");
        String authority = rest.substring(0, pathStart);
        String path = rest.substring(pathStart);
        int hash = path.indexOf('#');
        path = hash >= 0 ? path.substring(0, hash) : path;
        path = path.isEmpty() ? "/" : path.startsWith("/") ? path : "/" + path;
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return failed(log);
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                return failed(log);
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
            port = colon >= 0 ? authority.substring(colon + 1) : null;
        }
        Integer portNumber = port == null ? Integer.valueOf(tls ? 443 : 80) : number(port);
        if (host.isEmpty() || portNumber == null) {
            return failed(log);
        }
        if (tls) {
            log.add(new LogLine(Severity.ERR, "OCSP: TLS not supported for OCSP"
                    + " - an additional stunnel service needs to be defined"));
            return Optional.empty();
        }
        return Optional.of(new ResponderUrl(host, portNumber, path));
    }

    /** What the Host header carries: the host alone, as OpenSSL sends it. */
    String hostHeader() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    private static Optional<ResponderUrl> failed(List<LogLine> log) {
        log.add(new LogLine(Severity.ERR, "OCSP: Failed to parse the OCSP URL"));
        return Optional.empty();
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static Integer number(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int n = Integer.parseInt(text);
        return n <= 65535 ? n : null;
    }
}
