package org.stunneljava.tls;

/**
 * How a service negotiates beyond its version, suite and group lists: what {@code options} and
 * {@code securityLevel} decide during a handshake.
 *
 * @param serverPreference     {@code CIPHER_SERVER_PREFERENCE}: a server picks the suite (and the TLS 1.2 group, and
 *                             the TLS 1.3 key-share group) by its own order instead of the client's
 * @param prioritizeChaCha     {@code PRIORITIZE_CHACHA}: with server preference, ChaCha20-Poly1305 suites go first
 *                             for a client whose first choice is one of them
 * @param extendedMasterSecret not {@code NO_EXTENDED_MASTER_SECRET}: offer and accept RFC 7627
 * @param middleboxCompat      {@code ENABLE_MIDDLEBOX_COMPAT} (on unless cleared, as in OpenSSL): a TLS 1.3 client
 *                             sends a legacy session id and a change_cipher_spec (RFC 8446 appendix D.4)
 * @param securityLevel        the effective level ({@code securityLevel}, or {@code @SECLEVEL=n} in {@code ciphers})
 */
public record NegotiationPolicy(boolean serverPreference, boolean prioritizeChaCha, boolean extendedMasterSecret,
                                boolean middleboxCompat, SecurityLevel securityLevel) {
    /** stunnel's defaults: client preference, extended master secret, middlebox compatibility, level 2. */
    public static final NegotiationPolicy DEFAULT =
            new NegotiationPolicy(false, false, true, true, new SecurityLevel(2));
}
