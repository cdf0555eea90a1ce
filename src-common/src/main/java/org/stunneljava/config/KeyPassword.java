package org.stunneljava.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The password of an encrypted private key or PKCS#12 file, and where it came from (stunnel-java extension: a
 * service cannot prompt on a tty as stunnel does). Read while the configuration is validated, so a missing file or
 * variable is a configuration error naming its line. {@link #toString} never shows the password.
 *
 * @param file        {@code keyPasswordFile}: the password is the first line of this file
 * @param environment {@code keyPasswordEnv}: the password is the value of this environment variable
 * @param password    the password itself; present exactly when one of the two sources is
 */
public record KeyPassword(Optional<Path> file, Optional<String> environment, Optional<String> password) {
    public static final KeyPassword NONE = new KeyPassword(Optional.empty(), Optional.empty(), Optional.empty());

    public KeyPassword {
        if (file.isPresent() && environment.isPresent()) {
            throw new IllegalArgumentException("keyPasswordFile and keyPasswordEnv are exclusive");
        }
        if (password.isPresent() != (file.isPresent() || environment.isPresent())) {
            throw new IllegalArgumentException("a password needs a source and a source a password");
        }
    }

    public static KeyPassword fromFile(Path file, String password) {
        return new KeyPassword(Optional.of(file), Optional.empty(), Optional.of(password));
    }

    public static KeyPassword fromEnvironment(String variable, String password) {
        return new KeyPassword(Optional.empty(), Optional.of(variable), Optional.of(password));
    }

    public boolean isPresent() {
        return password.isPresent();
    }

    /** A fresh copy of the password for one decryption; empty when none is configured. */
    public Optional<char[]> chars() {
        return password.map(String::toCharArray);
    }

    /** The option as a user would recognise it, for messages: {@code keyPasswordFile = "/p/pw"}. */
    public String source() {
        return file.map(f -> "keyPasswordFile = \"" + f + "\"")
                .or(() -> environment.map(v -> "keyPasswordEnv = " + v))
                .orElse("no keyPasswordFile or keyPasswordEnv");
    }

    @Override
    public String toString() {
        return "KeyPassword[" + source() + "]";
    }
}
