package org.stunneljava.tls;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.stunneljava.config.TlsVersion;

/**
 * OpenSSL 3.0's security levels ({@code SSL_CTX_set_security_level(3)}; ssl/ssl_cert.c's default security
 * callback), as far as they decide what stunnel-java offers, accepts and loads. Level n asks for a minimum number
 * of security bits (0, 80, 112, 128, 192, 256) and:
 * <ul>
 * <li>suites: symmetric strength of at least that many bits; from level 1 no anonymous suites and no MD5 MAC; from
 *     level 3 forward secrecy (ECDHE or DHE; TLS 1.3 suites always have it); from level 4 no SHA-1 MAC;</li>
 * <li>groups: the group's security bits (P-256 and X25519 128, P-384 192, X448 224, P-521 256, ffdhe2048 112);</li>
 * <li>versions: from level 1 TLS 1.2 and 1.3 only. OpenSSL 3.0 does not forbid TLS 1.0/1.1 by name below level 3,
 *     but their handshake signatures (MD5+SHA-1, SHA-1) count as under 80 bits, so they fail from level 1 on
 *     (seen with openssl s_server/s_client 3.0: internal_error);</li>
 * <li>our own certificate's key: RSA 1024/2048/3072/7680/15360 bits, EC 160/224/256/384/512 (order bits);
 *     Ed25519 counts 128 bits, Ed448 224: too small is OpenSSL's {@code ee key too small} at start-up;</li>
 * <li>a peer's finite-field DH group in TLS 1.2: at least 1024 bits at levels 0 and 1, then as for RSA keys;</li>
 * <li>tickets: from level 3 OpenSSL issues none ({@link #ticketsAllowed()}).</li>
 * </ul>
 * Not applied: the peer certificate chain's key sizes and signature digests (OpenSSL checks them during
 * verification) and the security bits of signature algorithms.
 */
public record SecurityLevel(int level) {
    private static final int[] MIN_BITS = {0, 80, 112, 128, 192, 256};
    private static final int[] MIN_RSA_DH_BITS = {1024, 1024, 2048, 3072, 7680, 15360};

    public SecurityLevel {
        if (level < 0 || level > 5) {
            throw new IllegalArgumentException("security level " + level);
        }
    }

    public int minBits() {
        return MIN_BITS[level];
    }

    /** The smallest RSA modulus or finite-field DH prime this level takes. */
    public int minRsaDhBits() {
        return MIN_RSA_DH_BITS[level];
    }

    public boolean allows(OpenSslCipher c) {
        if (level == 0) {
            return true;
        }
        return c.bits() >= minBits() && !c.anonymous() && c.mac() != OpenSslCipher.MAC_MD5
                && !(minBits() > 160 && c.mac() == OpenSslCipher.MAC_SHA1)
                && !(level >= 2 && c.enc() == OpenSslCipher.ENC_RC4)
                && !(level >= 3 && !c.forwardSecret());
    }

    /** A TLS 1.3 suite: only its strength counts. */
    public boolean allowsTls13(int suite) {
        return SuiteNames.bits(suite) >= minBits();
    }

    public boolean allows(GroupNames.Group g) {
        return g.bits() >= minBits();
    }

    public boolean allows(TlsVersion v) {
        return level == 0 || v.compareTo(TlsVersion.TLSv1_2) >= 0;
    }

    public boolean ticketsAllowed() {
        return level < 3;
    }

    /** OpenSSL's security bits of a key ({@code EVP_PKEY_get_security_bits}); 0 for a type it does not rate. */
    public static int bitsOf(AsymmetricKeyParameter key) {
        return switch (key) {
            case RSAKeyParameters rsa -> rsaDhBits(rsa.getModulus().bitLength());
            case ECKeyParameters ec -> ecBits(ec.getParameters().getN().bitLength());
            case Ed25519PrivateKeyParameters ignored -> 128;
            case Ed25519PublicKeyParameters ignored -> 128;
            case Ed448PrivateKeyParameters ignored -> 224;
            case Ed448PublicKeyParameters ignored -> 224;
            default -> 0;
        };
    }

    /** {@code BN_security_bits} for RSA moduli and DH primes (NIST SP 800-57 part 1 table 2). */
    static int rsaDhBits(int modulusBits) {
        return modulusBits >= 15360 ? 256 : modulusBits >= 7680 ? 192 : modulusBits >= 3072 ? 128
                : modulusBits >= 2048 ? 112 : modulusBits >= 1024 ? 80 : 0;
    }

    static int ecBits(int orderBits) {
        return orderBits >= 512 ? 256 : orderBits >= 384 ? 192 : orderBits >= 256 ? 128 : orderBits >= 224 ? 112
                : orderBits >= 160 ? 80 : orderBits / 2;
    }

    /** How a key of {@link #bitsOf} bits measures up, for the start-up error: e.g. {@code RSA 1024-bit key}. */
    public static String describe(AsymmetricKeyParameter key) {
        return switch (key) {
            case RSAKeyParameters rsa -> "RSA " + rsa.getModulus().bitLength() + "-bit key";
            case ECKeyParameters ec -> "EC " + ec.getParameters().getN().bitLength() + "-bit key";
            case Ed448PrivateKeyParameters ignored -> "Ed448 key";
            default -> "Ed25519 key";
        };
    }
}
