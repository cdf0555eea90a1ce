package org.stunneljava.check;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a value rule may know besides the value: the options in effect in the line's section (the global section's
 * service options are defaults every section starts from, as in stunnel; the last value wins) and whether the file
 * holds services of both modes.
 *
 * @param values    option name (stunnel's spelling, lower case) to its last value in effect in the section
 * @param bothModes the file holds client and server services
 */
record LineContext(boolean globalSection, Map<String, String> values, boolean bothModes) {

    LineContext {
        values = Map.copyOf(values);
    }

    Optional<String> value(String option) {
        return Optional.ofNullable(values.get(option.toLowerCase(Locale.ROOT)));
    }

    boolean has(String option) {
        return values.containsKey(option.toLowerCase(Locale.ROOT));
    }

    /** {@code client = yes} in effect; a value that is neither yes nor no is the loader's error to report. */
    boolean client() {
        return value("client").map(v -> v.equalsIgnoreCase("yes")).orElse(false);
    }

    /** The value of {@code option}, lower case, or "" when it is not set. */
    String lower(String option) {
        return value(option).map(v -> v.toLowerCase(Locale.ROOT)).orElse("");
    }
}
