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
