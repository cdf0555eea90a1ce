package org.stunneljava.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stunneljava.log.Severity;

/**
 * {@code sessionCacheSize}, {@code sessionCacheTimeout} (alias {@code session}), {@code sessionResume},
 * {@code ticketKeySecret} and {@code ticketMacSecret}, with stunnel 5.68's defaults and messages (options.c).
 * The two secrets are checked at the end of the section, at the place of their lines in stunnel's option table.
 */
final class SessionCacheOptions {
    /** The session options a user may set; any of them set explicitly makes the TLS 1.3 note a notice. */
    private static final List<String> NAMES = List.of("sessionCacheSize", "sessionCacheTimeout", "sessionResume",
            "ticketKeySecret", "ticketMacSecret");

    private int cacheSize = 1000;      // sessionCacheSize: 1000 entries
    private int cacheTimeout = 300;    // sessionCacheTimeout: 300 seconds
    private boolean resume = true;     // sessionResume = yes
    private byte[] keySecret;          // ticketKeySecret: none (random keys)
    private byte[] macSecret;          // ticketMacSecret: none

    SessionCacheOptions copy() {
        SessionCacheOptions c = new SessionCacheOptions();
        c.cacheSize = cacheSize;
        c.cacheTimeout = cacheTimeout;
        c.resume = resume;
        c.keySecret = keySecret;
        c.macSecret = macSecret;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "sessionCacheSize" -> cacheSize = number(value, "Illegal session cache size");
            case "sessionCacheTimeout" -> cacheTimeout = number(value, "Illegal session cache timeout");
            case "sessionResume" -> resume = Values.yesNo(value);
            case "ticketKeySecret" -> keySecret = secret(value, option);
            case "ticketMacSecret" -> macSecret = secret(value, option);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * stunnel's end-of-section check of the two secrets: a client ignores them with a notice; a server needs both
     * or neither.
     */
    void checkTicketSecrets(boolean client, List<StartupNotice> notices) throws OptionError {
        for (String option : List.of("ticketKeySecret", "ticketMacSecret")) {
            boolean set = option.equals("ticketKeySecret") ? keySecret != null : macSecret != null;
            if (!set) {
                continue;
            }
            if (client) {
                notices.add(new StartupNotice(Severity.NOTICE, option + " is ignored in the client mode"));
            } else if (keySecret == null || macSecret == null) {
                throw new OptionError("\"ticketKeySecret\" and \"ticketMacSecret\" must be set together");
            }
        }
    }

    SessionOptions build(boolean client) {
        Optional<TicketSecrets> secrets = client || keySecret == null || macSecret == null ? Optional.empty()
                : Optional.of(new TicketSecrets(keySecret, macSecret));
        return new SessionOptions(cacheSize, Duration.ofSeconds(cacheTimeout), resume, secrets);
    }

    /**
     * Bouncy Castle 1.84 resumes no TLS 1.3 session (it neither issues nor accepts TLS 1.3 tickets), so a service
     * that allows TLS 1.3 with resumption on is told at start-up: a notice when a session option was set in the
     * file (the user expects resumption), an info line for the defaults.
     */
    void tls13Note(String service, TlsVersion max, Map<String, Origin> origins, List<StartupNotice> notices) {
        if (!resume || max != TlsVersion.TLSv1_3) {
            return;
        }
        boolean explicit = NAMES.stream().anyMatch(origins::containsKey);
        notices.add(new StartupNotice(explicit ? Severity.NOTICE : Severity.INFO, "TLSv1.3 connections of service ["
                + service + "] are never resumed (Bouncy Castle 1.84 has no TLS 1.3 resumption): each makes a full"
                + " handshake; session resumption works with TLSv1.2 and older"));
    }

    private static int number(String value, String error) throws OptionError {
        Integer n = Values.integer(value);
        if (n == null) {
            throw new OptionError(error);
        }
        return n;
    }

    /**
     * OpenSSL's {@code OPENSSL_hexstr2buf}, as stunnel reads the secrets: pairs of hex digits, a {@code :} allowed
     * wherever a pair could start (so {@code 00:11}, {@code ::0011::}, but not {@code 0:011}), then 16 or 32 bytes.
     */
    static byte[] secret(String value, String option) throws OptionError {
        byte[] decoded = OpenSslHex.decode(value);
        if (decoded == null) {
            throw new OptionError(List.of("Required " + option + " is 16 or 32 byte hexadecimal key"),
                    "Failed to read " + option, null);
        }
        if (decoded.length != 16 && decoded.length != 32) {
            throw new OptionError(List.of(option + " value has " + decoded.length
                    + " bytes instead of required 16 or 32 bytes"), "Failed to read " + option, null);
        }
        return decoded;
    }
}
