package org.stunneljava.tls;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NamedGroup;

/**
 * stunnel's default algorithm lists (stunnel-options.md: {@code ciphers}, {@code ciphersuites}, {@code curves}),
 * as stunnel 5.68 prints them with {@code stunnel -options}. {@link PolicyResolver} applies them when a service
 * leaves the option out; the arrays are their expansions, for tests that build settings by hand.
 */
public final class TlsDefaults {
    private TlsDefaults() {
    }

    /** {@code ciphers} default (options.c {@code stunnel_cipher_list}). */
    public static final String CIPHERS = "HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK";

    /** {@code ciphersuites} default (stunnel 5.68 {@code -options}). */
    public static final String CIPHERSUITES =
            "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256";

    /** {@code curves} default. */
    public static final String CURVES = "X25519:P-256:X448:P-521:P-384";

    /** The {@link #CIPHERSUITES} suites. */
    public static final int[] TLS13_SUITES = {
            CipherSuite.TLS_AES_256_GCM_SHA384,
            CipherSuite.TLS_AES_128_GCM_SHA256,
            CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    };

    /** The {@link #CURVES} groups. */
    public static final int[] GROUPS = {
            NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.x448, NamedGroup.secp521r1, NamedGroup.secp384r1,
    };

    /**
     * The pre-shared-key suites of {@link #CIPHERS} (PSK, ECDHE-PSK and RSA-PSK key exchange), in OpenSSL 3.0's
     * order. OpenSSL offers and accepts them only when a PSK callback is set; {@link PolicyResolver} keeps them
     * only for a service with {@code PSKsecrets}.
     */
    public static final int[] TLS12_PSK_SUITES = expand(true);

    /**
     * The TLS 1.3 suites, then what {@link #CIPHERS} expands to (SRP and anonymous suites left out, the PSK ones
     * kept): a default service's list before its security level and PSK configuration are applied.
     */
    public static int[] allSuites() {
        List<Integer> all = new ArrayList<>();
        for (int s : TLS13_SUITES) {
            all.add(s);
        }
        for (int s : expand(false)) {
            all.add(s);
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] expand(boolean pskOnly) {
        try {
            return CipherList.expand(CIPHERS).suites().stream()
                    .filter(c -> (c.kx() & OpenSslCipher.KX_SRP) == 0 && !c.anonymous())
                    .filter(c -> !pskOnly || (c.kx() & OpenSslCipher.KX_ANY_PSK) != 0)
                    .mapToInt(OpenSslCipher::code).toArray();
        } catch (CipherListException e) {
            throw new IllegalStateException("stunnel's default cipher list", e);
        }
    }
}
