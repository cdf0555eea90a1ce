package org.stunneljava.config;

import java.util.Locale;
import java.util.Optional;

/**
 * stunnel's {@code protocol = NAME}: the plaintext or in-TLS exchange a service speaks around the TLS handshake, and
 * the two facts of stunnel's PROTOCOL_CHECK that shape a section: whether the protocol names the next hop itself
 * (an endpoint, so the section has no {@code connect}) and whether a server connects its backend before TLS.
 */
public enum NegotiationKind {
    NONE("", true, true),
    PROXY("proxy", false, true),
    CONNECT("connect", true, true),
    SMTP("smtp", true, true),
    POP3("pop3", true, true),
    IMAP("imap", true, true),
    NNTP("nntp", true, false),
    LDAP("ldap", true, false),
    PGSQL("pgsql", true, true),
    SOCKS("socks", true, true),
    CIFS("cifs", true, true),
    CAPWIN("capwin", true, true),
    CAPWINCTRL("capwinctrl", true, false),
    /** Ours: an HTTPS proxy, a CONNECT request inside TLS to an allowed destination (server only). */
    HTTPS_PROXY("https-proxy", false, true);

    private final String stunnelName;
    private final boolean inClient;
    private final boolean inServer;

    NegotiationKind(String stunnelName, boolean inClient, boolean inServer) {
        this.stunnelName = stunnelName;
        this.inClient = inClient;
        this.inServer = inServer;
    }

    /** The name as stunnel spells it in {@code protocol =} and its messages. */
    public String stunnelName() {
        return stunnelName;
    }

    /** stunnel compares names case-insensitively; the empty value is "not supported" there too. */
    static Optional<NegotiationKind> parse(String value) {
        String name = value.toLowerCase(Locale.ROOT);
        for (NegotiationKind k : values()) {
            if (k != NONE && k.stunnelName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    boolean allowedIn(boolean client) {
        return client ? inClient : inServer;
    }

    /**
     * The smtp, pop3 and imap servers connect the backend first, because their greeting comes from it; stunnel
     * calls this {@code connect_before_ssl}.
     */
    public boolean connectsBeforeTls(boolean client) {
        return !client && (this == SMTP || this == POP3 || this == IMAP);
    }

    /**
     * A socks server takes its destination from each request, so it is the section's connecting endpoint; so does
     * our https-proxy.
     */
    boolean isEndpoint(boolean client) {
        return ((this == SOCKS || this == HTTPS_PROXY) && !client) || (this == CAPWINCTRL && client);
    }
}
