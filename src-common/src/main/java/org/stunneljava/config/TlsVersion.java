package org.stunneljava.config;

import java.util.Locale;
import java.util.Optional;

/** Protocol versions as named in {@code sslVersion}, {@code sslVersionMin} and {@code sslVersionMax}. */
public enum TlsVersion {
    SSLv3("SSLv3"), TLSv1("TLSv1"), TLSv1_1("TLSv1.1"), TLSv1_2("TLSv1.2"), TLSv1_3("TLSv1.3");

    private final String configName;

    TlsVersion(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** Parses a version name, case-insensitive; {@code all} is handled by the caller (it means "no bound"). */
    public static Optional<TlsVersion> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (TlsVersion v : values()) {
            if (v.configName.toLowerCase(Locale.ROOT).equals(t)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
