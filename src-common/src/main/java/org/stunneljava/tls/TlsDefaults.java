package org.stunneljava.tls;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NamedGroup;

/**
 * stunnel's default algorithm lists, as far as Bouncy Castle offers them (stunnel-options.md: `ciphers`,
 * `ciphersuites`, `curves`). The TLS 1.2 list is what OpenSSL 3.0 expands {@code HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK}
 * to for ECDHE certificate suites, AES-GCM first.
 */
public final class TlsDefaults {
    private TlsDefaults() {
    }

    /** {@code ciphersuites} default (stunnel 5.68 {@code -version}). */
    public static final int[] TLS13_SUITES = {
            CipherSuite.TLS_AES_256_GCM_SHA384,
            CipherSuite.TLS_AES_128_GCM_SHA256,
            CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    };

    /** {@code ciphers} default for TLS 1.2 and below. */
    public static final int[] TLS12_SUITES = {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
    };

    /**
     * The PSK suites of the same default list, in OpenSSL 3.0's order (after every ECDHE certificate suite;
     * {@code openssl ciphers -v 'HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK'}), as far as Bouncy Castle has them: RSA-PSK
     * (needs RSA key transport) and the CCM, ARIA and Camellia ones are left out like their certificate twins.
     * OpenSSL offers and accepts them only when a PSK callback is set; {@link PskSuites#forService} does the same.
     */
    public static final int[] TLS12_PSK_SUITES = {
            CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_PSK_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384,
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_PSK_WITH_AES_256_CBC_SHA384,
            CipherSuite.TLS_PSK_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA,
    };

    /** {@code curves} default: X25519:P-256:X448:P-521:P-384. */
    public static final int[] GROUPS = {
            NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.x448, NamedGroup.secp521r1, NamedGroup.secp384r1,
    };

    public static int[] allSuites() {
        int[] all = new int[TLS13_SUITES.length + TLS12_SUITES.length + TLS12_PSK_SUITES.length];
        System.arraycopy(TLS13_SUITES, 0, all, 0, TLS13_SUITES.length);
        System.arraycopy(TLS12_SUITES, 0, all, TLS13_SUITES.length, TLS12_SUITES.length);
        System.arraycopy(TLS12_PSK_SUITES, 0, all, TLS13_SUITES.length + TLS12_SUITES.length,
                TLS12_PSK_SUITES.length);
        return all;
    }
}
