package org.stunneljava.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.stunneljava.log.Severity;

/**
 * {@code keyPasswordFile = PATH} and {@code keyPasswordEnv = NAME}: stunnel-java extensions that give the password
 * of encrypted keys and PKCS#12 files, since a service cannot prompt on a terminal as stunnel does. A section has
 * one source: setting one replaces the other inherited from the global section, setting both in one section is an
 * error, and an empty value clears the option (as {@code CAfile =} does in stunnel).
 */
final class KeyPasswordOptions {
    static final String FILE = "keyPasswordFile";
    static final String ENV = "keyPasswordEnv";

    private String file;        // none
    private String variable;    // none
    private boolean fileHere;   // set in the current section (not inherited)
    private boolean variableHere;

    KeyPasswordOptions copy() {
        KeyPasswordOptions c = new KeyPasswordOptions();
        c.file = file;
        c.variable = variable;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case FILE -> {
                exclusive(!value.isEmpty() && variableHere);
                file = value.isEmpty() ? null : value;
                fileHere = file != null;
                variable = file != null ? null : variable;
            }
            case ENV -> {
                exclusive(!value.isEmpty() && fileHere);
                if (value.indexOf('=') >= 0) {
                    throw new OptionError("Invalid environment variable name");
                }
                variable = value.isEmpty() ? null : value;
                variableHere = variable != null;
                file = variable != null ? null : file;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void exclusive(boolean conflict) throws OptionError {
        if (conflict) {
            throw new OptionError("Only one of \"" + FILE + "\" and \"" + ENV + "\" may be set");
        }
    }

    /**
     * Reads the password now, so that a missing file or variable fails the configuration with the option's line.
     *
     * @param origins where each option of the section was set
     * @param notices receives stunnel's warning when others may read the password file
     */
    KeyPassword build(Path dir, EnvironmentVariables variables, Map<String, Origin> origins,
                      List<StartupNotice> notices) throws OptionError {
        if (file != null) {
            Path path = dir.resolve(file);
            String password = firstLine(path, origins.get(FILE));
            insecure(path).ifPresent(notices::add);
            return KeyPassword.fromFile(path, password);
        }
        if (variable != null) {
            String password = variables.get(variable).orElseThrow(() -> OptionError.atLine(origins.get(ENV),
                    "Environment variable \"" + variable + "\" is not set"));
            return KeyPassword.fromEnvironment(variable, password);
        }
        return KeyPassword.NONE;
    }

    /** The first line without its line end ({@code \n} or {@code \r\n}); an empty file gives an empty password. */
    private static String firstLine(Path path, Origin origin) throws OptionError {
        String text;
        try {
            text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw OptionError.atLine(origin, "Cannot read \"" + path + "\": file not found");
        } catch (AccessDeniedException e) {
            throw OptionError.atLine(origin, "Cannot read \"" + path + "\": permission denied");
        } catch (IOException e) {
            throw OptionError.atLine(origin, "Cannot read \"" + path + "\": " + e.getMessage());
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** stunnel's warning for key files that others may read, applied to the password file too. */
    private static Optional<StartupNotice> insecure(Path path) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)
                    || perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return Optional.of(new StartupNotice(Severity.WARNING, "Insecure file permissions on "
                        + path));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX permissions to judge: nothing to warn about.
        }
        return Optional.empty();
    }
}
