package org.stunneljava.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.stunneljava.destination.DestinationRule;
import org.stunneljava.log.Severity;
import org.stunneljava.origdst.AllowRuleException;

/**
 * {@code protocol} and its {@code protocol*} options. Values are stored as given, with no checks, as stunnel does;
 * {@link #check} is stunnel's PROTOCOL_CHECK at the end of the section.
 */
final class NegotiationOptions {
    private String protocol;                    // none
    private String host;
    private String username;
    private String password;
    private String authentication = "basic";   // stunnel's default
    private String domain;
    private List<String> headers = new ArrayList<>();
    private List<DestinationRule> allow = new ArrayList<>();  // ours; none: stunnel's socks and connect servers
    private NegotiationKind kind = NegotiationKind.NONE;

    NegotiationOptions copy() {
        NegotiationOptions c = new NegotiationOptions();
        c.protocol = protocol;
        c.host = host;
        c.username = username;
        c.password = password;
        c.authentication = authentication;
        c.domain = domain;
        c.headers = new ArrayList<>(headers);
        c.allow = new ArrayList<>(allow);
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "protocol" -> protocol = value;
            case "protocolHost" -> host = value;
            case "protocolUsername" -> username = value;
            case "protocolPassword" -> password = value;
            case "protocolAuthentication" -> authentication = value;
            case "protocolDomain" -> domain = value;
            case "protocolHeader" -> headers.add(value);
            case DestinationRule.OPTION -> allow.add(rule(value));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Each line is parsed at its own line, so a bad one is reported there. */
    private static DestinationRule rule(String value) throws OptionError {
        try {
            return DestinationRule.parse(value);
        } catch (AllowRuleException e) {
            throw new OptionError(e.getMessage());
        }
    }

    /**
     * stunnel's PROTOCOL_CHECK, with its messages: an unknown name, or one the section's mode does not speak. The
     * protocols stunnel-java does not implement are refused here too, rather than silently relayed as plain TLS.
     */
    void check(boolean client) throws OptionError {
        if (protocol == null) {
            kind = NegotiationKind.NONE;
            return;
        }
        kind = NegotiationKind.parse(protocol).orElseThrow(() -> new OptionError("Protocol not supported"));
        if (!kind.allowedIn(client)) {
            throw new OptionError("The '" + kind.stunnelName() + "' protocol is not supported in the "
                    + (client ? "client" : "server") + " mode");
        }
        if (!implemented(kind, client)) {
            throw new OptionError("The '" + kind.stunnelName() + "' protocol is not supported by stunnel-java"
                    + " in the " + (client ? "client" : "server") + " mode");
        }
        if (kind == NegotiationKind.CONNECT && client && host == null) {
            throw new OptionError("protocolHost not specified"); // stunnel 5.73+; 5.68 fails each connection
        }
        if (kind == NegotiationKind.CONNECT && client
                && authentication.toLowerCase(Locale.ROOT).equals("ntlm")) {
            throw new OptionError("NTLM proxy authentication is not supported by stunnel-java;"
                    + " use protocolAuthentication = basic");
        }
    }

    /** What this build speaks; grows as protocols land. */
    private static boolean implemented(NegotiationKind kind, boolean client) {
        return switch (kind) {
            case NONE -> true;
            case PROXY, SOCKS, HTTPS_PROXY -> !client;
            case CONNECT -> true;
            case SMTP, POP3, IMAP, PGSQL, NNTP, LDAP -> true; // nntp and ldap servers: refused above, as stunnel
            default -> false;
        };
    }

    /**
     * Our {@code protocolAllow} rules, after {@link #check}: https-proxy denies by default, so it needs lines; the
     * lines mean something only to the servers that connect where a client asks.
     */
    void checkAllow(boolean client, Map<String, Origin> origins) throws OptionError {
        if (kind == NegotiationKind.HTTPS_PROXY && allow.isEmpty()) {
            throw OptionError.atLine(origins.get("protocol"), "\"protocol = https-proxy\" needs at least one \""
                    + DestinationRule.OPTION + "\" line: its destinations are denied by default");
        }
        if (!allow.isEmpty() && !choosesDestinations(client)) {
            throw OptionError.atLine(origins.get(DestinationRule.OPTION), "\"" + DestinationRule.OPTION
                    + "\" is for the socks, connect and https-proxy servers (client = no)");
        }
    }

    /** A socks or connect server without allow lines keeps stunnel's behaviour, and says once what it means. */
    void notices(String service, List<StartupNotice> notices, boolean client) {
        if (allow.isEmpty() && choosesDestinations(client)) {
            notices.add(new StartupNotice(Severity.WARNING, "Service [" + service + "]: \"protocol = "
                    + kind.stunnelName() + "\" without \"" + DestinationRule.OPTION + "\": any client that passes"
                    + " the TLS checks may reach any address; add " + DestinationRule.OPTION + " lines to limit it"));
        }
    }

    /** The servers whose clients name the destination. */
    private boolean choosesDestinations(boolean client) {
        return !client && (kind == NegotiationKind.SOCKS || kind == NegotiationKind.CONNECT
                || kind == NegotiationKind.HTTPS_PROXY);
    }

    NegotiationKind kind() {
        return kind;
    }

    boolean isEndpoint(boolean client) {
        return kind.isEndpoint(client);
    }

    boolean connectsBeforeTls(boolean client) {
        return kind.connectsBeforeTls(client);
    }

    /**
     * {@code protocolHost} as the client's default SNI, which stunnel's sni_init prefers to {@code connect}. Not for
     * smtp, where protocolHost is our own EHLO name: stunnel would send it (or "localhost" when it has no colon) to
     * the mail server as the name it wants, and a server that picks its certificate by SNI then fails the client's
     * checks; we fall back to {@code connect}, as without protocolHost (a deliberate difference).
     */
    Optional<String> host() {
        return kind == NegotiationKind.SMTP ? Optional.empty() : Optional.ofNullable(host);
    }

    Negotiation build() {
        return new Negotiation(kind, Optional.ofNullable(host), Optional.ofNullable(username),
                Optional.ofNullable(password), authentication, Optional.ofNullable(domain), headers, allow);
    }
}
