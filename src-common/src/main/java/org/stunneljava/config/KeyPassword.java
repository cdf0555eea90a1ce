package org.stunneljava.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the password of an encrypted private key or PKCS#12 file comes from (stunnel-java extension: a service
 * cannot prompt on a tty).
 *
 * @param file        the first line of this file
 * @param environment the value of this environment variable
 */
public record KeyPassword(Optional<Path> file, Optional<String> environment) {
    public static final KeyPassword NONE = new KeyPassword(Optional.empty(), Optional.empty());

    public boolean isPresent() {
        return file.isPresent() || environment.isPresent();
    }
}
