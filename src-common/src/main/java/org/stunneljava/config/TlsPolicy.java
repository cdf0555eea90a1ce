package org.stunneljava.config;

import java.util.Optional;
import java.util.Set;

/**
 * Cipher and protocol control of one service, as written: the lists stay in OpenSSL syntax here and are mapped to
 * Bouncy Castle's suites and groups when the service's TLS settings are built (an unmappable name is a start-up
 * error naming the option's file and line).
 *
 * @param ciphers        {@code ciphers}: TLS 1.2-and-older cipher list in OpenSSL syntax; empty: stunnel's default
 * @param ciphersuites   {@code ciphersuites}: TLS 1.3 suites, colon-separated; empty: stunnel's default
 * @param curves         {@code curves}: key-exchange groups, colon-separated; empty: stunnel's default
 * @param options        {@code options}: the SSL_OP_* names (without prefix) in effect after stunnel's defaults and
 *                       the set and clear lines, one name per OpenSSL 3.0 bit (masks such as {@code ALL} are
 *                       expanded, {@code NO_DTLSv1} shows as {@code NO_TLSv1}, names without a bit never show)
 * @param securityLevel  {@code securityLevel}: OpenSSL security level 0-5 (a {@code @SECLEVEL=n} in
 *                       {@code ciphers} overrides it when the settings are built)
 * @param renegotiation  {@code renegotiation}: stunnel's default is yes; Bouncy Castle never renegotiates
 */
public record TlsPolicy(Optional<String> ciphers, Optional<String> ciphersuites, Optional<String> curves,
                        Set<String> options, int securityLevel, boolean renegotiation) {
    public TlsPolicy {
        options = Set.copyOf(options);
    }

    public static final TlsPolicy DEFAULT = new TlsPolicy(Optional.empty(), Optional.empty(), Optional.empty(),
            Set.of("NO_SSLv3", "ENABLE_MIDDLEBOX_COMPAT"), 2, true); // OpenSSL 3's and stunnel's defaults

    public boolean option(String name) {
        return options.contains(name);
    }
}
