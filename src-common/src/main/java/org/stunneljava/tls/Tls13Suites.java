package org.stunneljava.tls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;

/**
 * {@code ciphersuites}: OpenSSL 3.0's {@code SSL_CTX_set_ciphersuites} rules. A colon-separated list of IANA names,
 * case-sensitive, spaces around names ignored. Unknown names (and empty elements) are skipped; a non-empty value
 * in which no name is known is an error ({@code no cipher match}); an empty value turns TLS 1.3 off. As in OpenSSL
 * the IANA name of a TLS 1.2 suite is accepted too: such a suite goes ahead of the {@code ciphers} list.
 */
public final class Tls13Suites {
    /** OpenSSL 3.0's TLS 1.3 suites, all of which Bouncy Castle implements. */
    private static final Map<String, Integer> TLS13 = new LinkedHashMap<>();

    static {
        TLS13.put("TLS_AES_256_GCM_SHA384", CipherSuite.TLS_AES_256_GCM_SHA384);
        TLS13.put("TLS_CHACHA20_POLY1305_SHA256", CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        TLS13.put("TLS_AES_128_GCM_SHA256", CipherSuite.TLS_AES_128_GCM_SHA256);
        TLS13.put("TLS_AES_128_CCM_SHA256", CipherSuite.TLS_AES_128_CCM_SHA256);
        TLS13.put("TLS_AES_128_CCM_8_SHA256", CipherSuite.TLS_AES_128_CCM_8_SHA256);
    }

    private Tls13Suites() {
    }

    /** The TLS 1.3 suite names, for the error message. */
    public static List<String> names() {
        return List.copyOf(TLS13.keySet());
    }

    public static boolean isTls13(int suite) {
        return TLS13.containsValue(suite);
    }

    /** The suites named, in order, each once. */
    public static List<Integer> parse(String value) throws CipherListException {
        List<Integer> suites = new ArrayList<>();
        if (value.isEmpty()) {
            return suites;
        }
        for (String element : value.split(":", -1)) {
            Integer code = code(element.strip());
            if (code != null && !suites.contains(code)) {
                suites.add(code);
            }
        }
        if (suites.isEmpty()) {
            throw CipherListException.noMatch("no TLS 1.3 cipher suite in \"" + value + "\"");
        }
        return suites;
    }

    private static Integer code(String name) {
        Integer tls13 = TLS13.get(name);
        if (tls13 != null) {
            return tls13;
        }
        return OpenSslCiphers.all().stream().filter(c -> SuiteNames.of(c.code()).equals(name)).findFirst()
                .map(OpenSslCipher::code).orElse(null);
    }
}
