package org.stunneljava.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Pre-shared keys of one service, read from the {@code PSKsecrets} file while the configuration was loaded (as
 * stunnel reads it while parsing, so a bad file fails the load with the file's line).
 *
 * @param secrets   {@code PSKsecrets} as resolved against the working directory; empty: PSK is off
 * @param keys      the file's keys in file order (never empty when {@code secrets} is set)
 * @param clientKey client mode: the key to offer, the one named by {@code PSKidentity} or else the file's first;
 *                  empty in server mode, where every key of the file is accepted
 */
public record PskOptions(Optional<Path> secrets, List<PskKey> keys, Optional<PskKey> clientKey) {
    public static final PskOptions NONE = new PskOptions(Optional.empty(), List.of(), Optional.empty());

    public PskOptions {
        keys = List.copyOf(keys);
    }

    /** PSK authentication is configured: a server then needs no certificate. */
    public boolean enabled() {
        return !keys.isEmpty();
    }
}
