package org.stunneljava.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The names {@code options} takes: OpenSSL's {@code SSL_OP_*} without the prefix, exactly the list stunnel 5.68
 * prints with {@code stunnel -options} when built with OpenSSL 3.0, matched case-insensitively ({@code strcasecmp}).
 * Each name stands for OpenSSL 3.0's bits (ssl.h): several are masks ({@code ALL}, {@code NO_SSL_MASK}), several
 * are kept for compatibility and have no bit at all ({@code NO_SSLv2}, {@code MICROSOFT_SESS_ID_BUG}, ...), and the
 * DTLS names share their bits with TLS versions ({@code NO_DTLSv1} is {@code NO_TLSv1}), all as in OpenSSL.
 */
final class SslOptionNames {
    /** Bit -> the name {@link TlsPolicy#options()} reports it under. */
    private static final Map<Long, String> BIT_NAMES = new LinkedHashMap<>();
    private static final Map<String, Long> BITS = new LinkedHashMap<>();

    static {
        bit(0, "NO_EXTENDED_MASTER_SECRET");
        bit(1, "CLEANSE_PLAINTEXT");
        bit(2, "LEGACY_SERVER_CONNECT");
        bit(3, "ENABLE_KTLS");
        bit(4, "TLSEXT_PADDING");
        bit(6, "SAFARI_ECDHE_ECDSA_BUG");
        bit(7, "IGNORE_UNEXPECTED_EOF");
        bit(8, "ALLOW_CLIENT_RENEGOTIATION");
        bit(9, "DISABLE_TLSEXT_CA_NAMES");
        bit(10, "ALLOW_NO_DHE_KEX");
        bit(11, "DONT_INSERT_EMPTY_FRAGMENTS");
        bit(12, "NO_QUERY_MTU");
        bit(13, "COOKIE_EXCHANGE");
        bit(14, "NO_TICKET");
        bit(15, "CISCO_ANYCONNECT");
        bit(16, "NO_SESSION_RESUMPTION_ON_RENEGOTIATION");
        bit(17, "NO_COMPRESSION");
        bit(18, "ALLOW_UNSAFE_LEGACY_RENEGOTIATION");
        bit(19, "NO_ENCRYPT_THEN_MAC");
        bit(20, "ENABLE_MIDDLEBOX_COMPAT");
        bit(21, "PRIORITIZE_CHACHA");
        bit(22, "CIPHER_SERVER_PREFERENCE");
        bit(23, "TLS_ROLLBACK_BUG");
        bit(24, "NO_ANTI_REPLAY");
        bit(25, "NO_SSLv3");
        bit(26, "NO_TLSv1");
        bit(27, "NO_TLSv1_2");
        bit(28, "NO_TLSv1_1");
        bit(29, "NO_TLSv1_3");
        bit(30, "NO_RENEGOTIATION");
        bit(31, "CRYPTOPRO_TLSEXT_BUG");
        BITS.put("NO_DTLSv1", BITS.get("NO_TLSv1"));
        BITS.put("NO_DTLSv1_2", BITS.get("NO_TLSv1_2"));
        BITS.put("NO_DTLS_MASK", bits("NO_TLSv1", "NO_TLSv1_2"));
        BITS.put("NO_SSL_MASK", bits("NO_SSLv3", "NO_TLSv1", "NO_TLSv1_1", "NO_TLSv1_2", "NO_TLSv1_3"));
        BITS.put("ALL", bits("CRYPTOPRO_TLSEXT_BUG", "DONT_INSERT_EMPTY_FRAGMENTS", "TLSEXT_PADDING",
                "SAFARI_ECDHE_ECDSA_BUG"));
        for (String obsolete : List.of("MICROSOFT_SESS_ID_BUG", "NETSCAPE_CHALLENGE_BUG",
                "NETSCAPE_REUSE_CIPHER_CHANGE_BUG", "SSLREF2_REUSE_CERT_TYPE_BUG", "MICROSOFT_BIG_SSLV3_BUFFER",
                "MSIE_SSLV2_RSA_PADDING", "SSLEAY_080_CLIENT_DH_BUG", "TLS_D5_BUG", "TLS_BLOCK_PADDING_BUG",
                "SINGLE_ECDH_USE", "SINGLE_DH_USE", "EPHEMERAL_RSA", "NO_SSLv2", "PKCS1_CHECK_1", "PKCS1_CHECK_2",
                "NETSCAPE_CA_DN_BUG", "NETSCAPE_DEMO_CIPHER_CHANGE_BUG")) {
            BITS.put(obsolete, 0L);
        }
    }

    private SslOptionNames() {
    }

    private static void bit(int n, String name) {
        BIT_NAMES.put(1L << n, name);
        BITS.put(name, 1L << n);
    }

    static long bits(String... names) {
        long bits = 0;
        for (String name : names) {
            bits |= BITS.get(name);
        }
        return bits;
    }

    /** The bits of a name as stunnel matches it (case-insensitive), or empty for a name OpenSSL lacks. */
    static OptionalLong find(String name) {
        for (Map.Entry<String, Long> e : BITS.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return OptionalLong.of(e.getValue());
            }
        }
        return OptionalLong.empty();
    }

    /** The names of the bits set, one per bit. */
    static List<String> names(long bits) {
        List<String> names = new ArrayList<>();
        BIT_NAMES.forEach((bit, name) -> {
            if ((bits & bit) != 0) {
                names.add(name);
            }
        });
        return names;
    }
}
