package org.stunneljava.config;

import java.util.Optional;

/**
 * {@code sslVersion}, {@code sslVersionMin}, {@code sslVersionMax}. {@code all} (and the default) means "no bound";
 * the bounds only become versions in {@link #min()} and {@link #max()}, after the range check, so that
 * {@code sslVersionMax = SSLv3} alone is not a range error (stunnel compares only two explicit bounds).
 */
final class ProtocolOptions {
    /** What an unbounded minimum means: the lowest version stunnel 5.68 documents as its default. */
    private static final TlsVersion LOWEST = TlsVersion.TLSv1;
    /** What an unbounded maximum means: the highest version there is. */
    private static final TlsVersion HIGHEST = TlsVersion.TLSv1_3;

    private TlsVersion min; // null: all (default)
    private TlsVersion max; // null: all (default)

    ProtocolOptions copy() {
        ProtocolOptions c = new ProtocolOptions();
        c.min = min;
        c.max = max;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "sslVersion" -> {
                min = version(value);
                max = min;
            }
            case "sslVersionMin" -> min = version(value);
            case "sslVersionMax" -> max = version(value);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The section-end check, made in stunnel's order by {@link ServiceOptions}. */
    void checkRange() throws OptionError {
        if (min != null && max != null && max.compareTo(min) < 0) {
            throw new OptionError("Invalid protocol version range");
        }
    }

    TlsVersion min() {
        if (min != null) {
            return min;
        }
        return max != null && max.compareTo(LOWEST) < 0 ? max : LOWEST;
    }

    TlsVersion max() {
        return max != null ? max : HIGHEST;
    }

    private static TlsVersion version(String value) throws OptionError {
        if (value.equalsIgnoreCase("all")) {
            return null;
        }
        Optional<TlsVersion> v = TlsVersion.parse(value);
        if (v.isEmpty() || !v.get().configName().equalsIgnoreCase(value)) {
            throw new OptionError("Invalid protocol version"); // parse() trims; stunnel compares the exact text
        }
        return v.get();
    }
}
