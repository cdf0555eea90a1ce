package org.stunneljava.tls;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;

/** IANA names of cipher suite codes (Bouncy Castle keeps them only as constant names). */
public final class SuiteNames {
    private static final Map<Integer, String> NAMES = load();

    private SuiteNames() {
    }

    public static String of(int suite) {
        return NAMES.getOrDefault(suite, String.format("0x%04X", suite));
    }

    /**
     * The name stunnel logs ({@code SSL_CIPHER_get_name}): OpenSSL's name for a TLS 1.2-and-older suite
     * ({@code ECDHE-ECDSA-AES256-GCM-SHA384}, {@code ECDHE-ARIA256-GCM-SHA384}); TLS 1.3 suites keep their IANA name.
     */
    public static String openssl(int suite) {
        return OpenSslCiphers.byCode(suite).map(OpenSslCipher::name).orElseGet(() -> of(suite));
    }

    /** Symmetric strength in bits ({@code SSL_CIPHER_get_bits}), as in stunnel's {@code (256-bit encryption)}. */
    public static int bits(int suite) {
        return OpenSslCiphers.byCode(suite).map(OpenSslCipher::bits)
                .orElseGet(() -> of(suite).contains("AES_128") ? 128 : 256);
    }

    private static Map<Integer, String> load() {
        Map<Integer, String> names = new HashMap<>();
        for (Field f : CipherSuite.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers()) && !f.getName().startsWith("DRAFT_")) {
                try {
                    names.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
