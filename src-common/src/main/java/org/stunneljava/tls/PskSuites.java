package org.stunneljava.tls;

import java.util.Arrays;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.TlsUtils;

/** Which cipher suites a PSK service may use, in both protocol generations. */
public final class PskSuites {
    private PskSuites() {
    }

    /**
     * OpenSSL keeps the TLS 1.2 PSK suites of a cipher list out of the handshake unless a PSK callback is set
     * (client: ssl_set_client_disabled; server: ssl3_choose_cipher), so a service without {@code PSKsecrets}
     * drops them and one with it keeps the list as configured.
     */
    public static int[] forService(int[] suites, boolean psk) {
        return psk ? suites.clone() : Arrays.stream(suites).filter(s -> !isPsk(s)).toArray();
    }

    /** A TLS 1.2 suite authenticated by a pre-shared key instead of a certificate. */
    public static boolean isPsk(int suite) {
        return isPskKeyExchange(TlsUtils.getKeyExchangeAlgorithm(suite));
    }

    static boolean isPskKeyExchange(int keyExchange) {
        return switch (keyExchange) {
            case KeyExchangeAlgorithm.PSK, KeyExchangeAlgorithm.ECDHE_PSK, KeyExchangeAlgorithm.DHE_PSK,
                 KeyExchangeAlgorithm.RSA_PSK -> true;
            default -> false;
        };
    }

    /**
     * A TLS 1.3 suite whose hash is SHA-256: the only ones an OpenSSL PSK set through the old-style callbacks (as
     * stunnel sets it) can be used with, because OpenSSL gives such a key SHA-256 (RFC 8446 4.2.11 default).
     */
    static boolean isSha256Tls13(int suite) {
        return switch (suite) {
            case CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                 CipherSuite.TLS_AES_128_CCM_SHA256, CipherSuite.TLS_AES_128_CCM_8_SHA256 -> true;
            default -> false;
        };
    }
}
