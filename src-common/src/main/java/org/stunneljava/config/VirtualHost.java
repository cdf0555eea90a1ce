package org.stunneljava.config;

import java.util.Locale;

/**
 * A server section with {@code sni = PRIMARY:pattern}: a virtual service of {@code PRIMARY}. It has no listener of
 * its own; a handshake accepted by the primary switches to it when the client's server name matches.
 *
 * @param primary the name of the primary section (defined earlier in the file)
 * @param pattern an exact name, or {@code *suffix}; both compared without regard to case
 */
public record VirtualHost(String primary, String pattern) {

    /**
     * stunnel's {@code matches_wildcard}: {@code *suffix} matches any name that ends with the suffix, so
     * {@code *.example.com} matches {@code x.example.com} but not {@code example.com}; otherwise the whole name.
     */
    public boolean matches(String serverName) {
        if (pattern.startsWith("*")) {
            String suffix = pattern.substring(1);
            return serverName.length() >= suffix.length()
                    && serverName.regionMatches(true, serverName.length() - suffix.length(), suffix, 0,
                    suffix.length());
        }
        return serverName.toLowerCase(Locale.ROOT).equals(pattern.toLowerCase(Locale.ROOT));
    }
}
