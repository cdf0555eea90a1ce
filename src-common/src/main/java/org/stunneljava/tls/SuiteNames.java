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
     * The OpenSSL name stunnel logs: TLS 1.3 suites keep their IANA name; TLS 1.2 ECDHE suites are rewritten
     * ({@code TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384} -> {@code ECDHE-ECDSA-AES256-GCM-SHA384}). OpenSSL keeps
     * "CBC" in the names of PSK suites only ({@code PSK-AES128-CBC-SHA256}, but {@code ECDHE-RSA-AES128-SHA256}).
     */
    public static String openssl(int suite) {
        String iana = of(suite);
        int with = iana.indexOf("_WITH_");
        if (!iana.startsWith("TLS_") || with < 0) {
            return iana;
        }
        String kx = iana.substring(4, with).replace('_', '-');
        String cipher = iana.substring(with + 6)
                .replace("AES_256_", "AES256-").replace("AES_128_", "AES128-")
                .replace("CHACHA20_POLY1305_SHA256", "CHACHA20-POLY1305")
                .replace("CBC_", kx.endsWith("PSK") ? "CBC-" : "").replace('_', '-');
        return kx + "-" + cipher;
    }

    /** Symmetric key bits, as in stunnel's {@code (256-bit encryption)}. */
    public static int bits(int suite) {
        String iana = of(suite);
        return iana.contains("AES_128") ? 128 : iana.contains("3DES") ? 112 : 256;
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
