package org.stunneljava.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Pre-shared keys of one service.
 *
 * @param secrets  {@code PSKsecrets}: file of {@code IDENTITY:KEY} lines
 * @param identity {@code PSKidentity} (client): which identity to use; empty: the file's first
 */
public record PskOptions(Optional<Path> secrets, Optional<String> identity) {
    public static final PskOptions NONE = new PskOptions(Optional.empty(), Optional.empty());
}
