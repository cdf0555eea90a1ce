package org.stunneljava.tls;

import static org.stunneljava.tls.OpenSslCipher.*;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The group names of OpenSSL 3.0's cipher strings ({@code man openssl-ciphers}, "CIPHER STRINGS"): what each
 * selects, in the dimensions of {@link CipherPattern}. Names are case-sensitive, as in OpenSSL. Names of
 * algorithms this OpenSSL build lacks (3DES, RC4, SEED, IDEA, GOST, ...) are kept: they select nothing, as there.
 */
final class CipherAliases {
    private static final int ALL_AUTH_BUT_NULL = ((AU_GOST12 << 1) - 1) & ~AU_NULL;
    private static final int ALL_ENC_BUT_NULL = ((ENC_GOST << 1) - 1) & ~ENC_NULL;
    private static final Map<String, CipherPattern> ALIASES = build();

    private CipherAliases() {
    }

    static Optional<CipherPattern> find(String name) {
        return Optional.ofNullable(ALIASES.get(name));
    }

    /** Every alias name, for the error message that lists what is accepted. */
    static Set<String> names() {
        return ALIASES.keySet();
    }

    private static Map<String, CipherPattern> build() {
        Map<String, CipherPattern> m = new LinkedHashMap<>();
        m.put("ALL", CipherPattern.enc(ALL_ENC_BUT_NULL)); // ALL leaves out the NULL ciphers
        m.put("COMPLEMENTOFALL", CipherPattern.enc(ENC_NULL));
        m.put("COMPLEMENTOFDEFAULT", CipherPattern.strength(NOT_DEFAULT));
        m.put("HIGH", CipherPattern.strength(STRENGTH_HIGH));
        m.put("MEDIUM", CipherPattern.strength(STRENGTH_MEDIUM));
        m.put("LOW", CipherPattern.strength(STRENGTH_LOW));
        m.put("FIPS", new CipherPattern(-1, 0, 0, ALL_ENC_BUT_NULL, 0, null, STRENGTH_FIPS));
        keyExchange(m);
        authentication(m);
        encryption(m);
        m.put("MD5", CipherPattern.mac(MAC_MD5));
        m.put("SHA1", CipherPattern.mac(MAC_SHA1));
        m.put("SHA", CipherPattern.mac(MAC_SHA1));
        m.put("SHA256", CipherPattern.mac(MAC_SHA256));
        m.put("SHA384", CipherPattern.mac(MAC_SHA384));
        m.put("GOST94", CipherPattern.mac(MAC_GOST));
        m.put("GOST89MAC", CipherPattern.mac(MAC_GOST));
        m.put("GOST12", CipherPattern.mac(MAC_GOST));
        m.put("SSLv3", CipherPattern.since(Since.SSLv3));
        m.put("TLSv1", CipherPattern.since(Since.TLSv1));
        m.put("TLSv1.0", CipherPattern.since(Since.TLSv1));
        m.put("TLSv1.2", CipherPattern.since(Since.TLSv1_2));
        return Collections.unmodifiableMap(m);
    }

    private static void keyExchange(Map<String, CipherPattern> m) {
        m.put("kRSA", CipherPattern.kx(KX_RSA));
        m.put("kEDH", CipherPattern.kx(KX_DHE));
        m.put("kDHE", CipherPattern.kx(KX_DHE));
        m.put("DH", CipherPattern.kx(KX_DHE));
        m.put("kEECDH", CipherPattern.kx(KX_ECDHE));
        m.put("kECDHE", CipherPattern.kx(KX_ECDHE));
        m.put("ECDH", CipherPattern.kx(KX_ECDHE));
        m.put("kPSK", CipherPattern.kx(KX_PSK));
        m.put("kRSAPSK", CipherPattern.kx(KX_RSAPSK));
        m.put("kECDHEPSK", CipherPattern.kx(KX_ECDHEPSK));
        m.put("kDHEPSK", CipherPattern.kx(KX_DHEPSK));
        m.put("kSRP", CipherPattern.kx(KX_SRP));
        m.put("kGOST", CipherPattern.kx(KX_GOST));
        m.put("EDH", CipherPattern.kxAuth(KX_DHE, ALL_AUTH_BUT_NULL));
        m.put("DHE", CipherPattern.kxAuth(KX_DHE, ALL_AUTH_BUT_NULL));
        m.put("EECDH", CipherPattern.kxAuth(KX_ECDHE, ALL_AUTH_BUT_NULL));
        m.put("ECDHE", CipherPattern.kxAuth(KX_ECDHE, ALL_AUTH_BUT_NULL));
        m.put("RSA", CipherPattern.kxAuth(KX_RSA, AU_RSA));
        m.put("ADH", CipherPattern.kxAuth(KX_DHE, AU_NULL));
        m.put("AECDH", CipherPattern.kxAuth(KX_ECDHE, AU_NULL));
        m.put("PSK", CipherPattern.kx(KX_ANY_PSK));
        m.put("SRP", CipherPattern.kx(KX_SRP));
    }

    private static void authentication(Map<String, CipherPattern> m) {
        m.put("aRSA", CipherPattern.auth(AU_RSA));
        m.put("aDSS", CipherPattern.auth(AU_DSS));
        m.put("DSS", CipherPattern.auth(AU_DSS));
        m.put("aNULL", CipherPattern.auth(AU_NULL));
        m.put("aECDSA", CipherPattern.auth(AU_ECDSA));
        m.put("ECDSA", CipherPattern.auth(AU_ECDSA));
        m.put("aPSK", CipherPattern.auth(AU_PSK));
        m.put("aGOST01", CipherPattern.auth(AU_GOST01));
        m.put("aGOST12", CipherPattern.auth(AU_GOST12));
        m.put("aGOST", CipherPattern.auth(AU_GOST01 | AU_GOST12));
        m.put("aSRP", CipherPattern.auth(AU_SRP));
    }

    private static void encryption(Map<String, CipherPattern> m) {
        m.put("NULL", CipherPattern.enc(ENC_NULL));
        m.put("eNULL", CipherPattern.enc(ENC_NULL));
        m.put("3DES", CipherPattern.enc(ENC_3DES));
        m.put("RC4", CipherPattern.enc(ENC_RC4));
        m.put("RC2", CipherPattern.enc(ENC_RC2));
        m.put("IDEA", CipherPattern.enc(ENC_IDEA));
        m.put("SEED", CipherPattern.enc(ENC_SEED));
        m.put("GOST", CipherPattern.enc(ENC_GOST));
        m.put("AES128", CipherPattern.enc(ENC_AES128 | ENC_AES128GCM | ENC_AES128CCM | ENC_AES128CCM8));
        m.put("AES256", CipherPattern.enc(ENC_AES256 | ENC_AES256GCM | ENC_AES256CCM | ENC_AES256CCM8));
        m.put("AES", CipherPattern.enc(ENC_AES));
        m.put("AESGCM", CipherPattern.enc(ENC_AESGCM));
        m.put("AESCCM", CipherPattern.enc(ENC_AESCCM));
        m.put("AESCCM8", CipherPattern.enc(ENC_AES128CCM8 | ENC_AES256CCM8));
        m.put("CAMELLIA128", CipherPattern.enc(ENC_CAMELLIA128));
        m.put("CAMELLIA256", CipherPattern.enc(ENC_CAMELLIA256));
        m.put("CAMELLIA", CipherPattern.enc(ENC_CAMELLIA));
        m.put("CHACHA20", CipherPattern.enc(ENC_CHACHA20POLY1305));
        m.put("ARIA", CipherPattern.enc(ENC_ARIA));
        m.put("ARIAGCM", CipherPattern.enc(ENC_ARIA));
        m.put("ARIA128", CipherPattern.enc(ENC_ARIA128GCM));
        m.put("ARIA256", CipherPattern.enc(ENC_ARIA256GCM));
    }
}
