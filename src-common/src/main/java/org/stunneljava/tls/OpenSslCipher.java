package org.stunneljava.tls;

/**
 * One TLS 1.2-and-older cipher suite as OpenSSL 3.0 classifies it for its cipher strings: key exchange,
 * authentication, encryption and MAC as bit sets (so an alias can name several at once), the lowest protocol it
 * was defined for, its strength in bits and its strength classes. The bits are ours; what they group follows
 * {@code man openssl-ciphers}.
 *
 * @param code       IANA code point (Bouncy Castle's {@code CipherSuite} constant)
 * @param name       OpenSSL's name, e.g. {@code ECDHE-ECDSA-AES128-GCM-SHA256}
 * @param since      {@code SSLv3}, {@code TLSv1} or {@code TLSv1.2}: what the aliases of those names select
 * @param kx         one {@code KX_*} bit
 * @param auth       one {@code AU_*} bit
 * @param enc        one {@code ENC_*} bit
 * @param mac        one {@code MAC_*} bit
 * @param bits       symmetric strength, what {@code @STRENGTH} sorts by and the security level checks
 * @param strength   {@code HIGH}, {@code MEDIUM}, {@code LOW}, {@code FIPS} and {@code NOT_DEFAULT} bits
 */
public record OpenSslCipher(int code, String name, Since since, int kx, int auth, int enc, int mac, int bits,
                            int strength) {

    /** The protocol version a suite first appeared in, as OpenSSL's {@code SSLv3}/{@code TLSv1}/{@code TLSv1.2}. */
    public enum Since { SSLv3, TLSv1, TLSv1_2 }

    public static final int KX_RSA = 1;
    public static final int KX_ECDHE = 1 << 1;
    public static final int KX_DHE = 1 << 2;
    public static final int KX_ECDHEPSK = 1 << 3;
    public static final int KX_DHEPSK = 1 << 4;
    public static final int KX_RSAPSK = 1 << 5;
    public static final int KX_PSK = 1 << 6;
    public static final int KX_SRP = 1 << 7;
    public static final int KX_GOST = 1 << 8;
    /** Every pre-shared-key exchange: what the alias {@code PSK} selects. */
    public static final int KX_ANY_PSK = KX_PSK | KX_RSAPSK | KX_ECDHEPSK | KX_DHEPSK;

    public static final int AU_RSA = 1;
    public static final int AU_ECDSA = 1 << 1;
    public static final int AU_PSK = 1 << 2;
    public static final int AU_DSS = 1 << 3;
    public static final int AU_NULL = 1 << 4;
    public static final int AU_SRP = 1 << 5;
    public static final int AU_GOST01 = 1 << 6;
    public static final int AU_GOST12 = 1 << 7;

    public static final int ENC_NULL = 1;
    public static final int ENC_AES128 = 1 << 1;
    public static final int ENC_AES256 = 1 << 2;
    public static final int ENC_AES128GCM = 1 << 3;
    public static final int ENC_AES256GCM = 1 << 4;
    public static final int ENC_AES128CCM = 1 << 5;
    public static final int ENC_AES256CCM = 1 << 6;
    public static final int ENC_AES128CCM8 = 1 << 7;
    public static final int ENC_AES256CCM8 = 1 << 8;
    public static final int ENC_CAMELLIA128 = 1 << 9;
    public static final int ENC_CAMELLIA256 = 1 << 10;
    public static final int ENC_ARIA128GCM = 1 << 11;
    public static final int ENC_ARIA256GCM = 1 << 12;
    public static final int ENC_CHACHA20POLY1305 = 1 << 13;
    /** Suites OpenSSL knows but this machine's libcrypto (default provider) and the table leave out. */
    public static final int ENC_3DES = 1 << 14;
    public static final int ENC_RC4 = 1 << 15;
    public static final int ENC_RC2 = 1 << 16;
    public static final int ENC_IDEA = 1 << 17;
    public static final int ENC_SEED = 1 << 18;
    public static final int ENC_GOST = 1 << 19;
    public static final int ENC_AESGCM = ENC_AES128GCM | ENC_AES256GCM;
    public static final int ENC_AESCCM = ENC_AES128CCM | ENC_AES256CCM | ENC_AES128CCM8 | ENC_AES256CCM8;
    public static final int ENC_AES = ENC_AES128 | ENC_AES256 | ENC_AESGCM | ENC_AESCCM;
    public static final int ENC_CAMELLIA = ENC_CAMELLIA128 | ENC_CAMELLIA256;
    public static final int ENC_ARIA = ENC_ARIA128GCM | ENC_ARIA256GCM;

    public static final int MAC_MD5 = 1;
    public static final int MAC_SHA1 = 1 << 1;
    public static final int MAC_SHA256 = 1 << 2;
    public static final int MAC_SHA384 = 1 << 3;
    public static final int MAC_AEAD = 1 << 4;
    public static final int MAC_GOST = 1 << 5;

    /** Strength classes, matched among themselves with AND semantics by {@code a+b} (see {@link CipherPattern}). */
    public static final int STRENGTH_LOW = 1;
    public static final int STRENGTH_MEDIUM = 1 << 1;
    public static final int STRENGTH_HIGH = 1 << 2;
    public static final int STRENGTH_FIPS = 1 << 3;
    public static final int STRENGTH_CLASSES = STRENGTH_LOW | STRENGTH_MEDIUM | STRENGTH_HIGH | STRENGTH_FIPS;
    /** In {@code ALL} but not in {@code DEFAULT}: matched separately from the classes. */
    public static final int NOT_DEFAULT = 1 << 4;

    /** Forward secrecy, as OpenSSL's security level 3 requires: an ephemeral (EC)DH key exchange. */
    public boolean forwardSecret() {
        return (kx & (KX_ECDHE | KX_DHE)) != 0;
    }

    /** Pre-shared-key suites need {@code PSKsecrets}; SRP suites a verifier file stunnel has no option for. */
    public boolean needsPskOrSrp() {
        return (kx & (KX_ANY_PSK | KX_SRP)) != 0;
    }

    public boolean anonymous() {
        return auth == AU_NULL;
    }
}
