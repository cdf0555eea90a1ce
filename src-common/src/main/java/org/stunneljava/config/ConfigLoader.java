package org.stunneljava.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a stunnel.conf with stunnel 5.68's semantics: parse (file:line of every option kept), then validate into
 * the immutable records. The only public entry of the config pipeline. Holds no state between loads; reads the
 * files and closes them before returning.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** {@link #load(Path, ConfigEnvironment)} with the system's resolver, services and working directory. */
    public static StunnelConfig load(Path file) throws ConfigException {
        return load(file, ConfigEnvironment.system());
    }

    /**
     * @return the global options, every service of both modes in file order, and the notices stunnel would log
     *         while loading (starting with {@code Reading configuration from file ...} for each file read)
     * @throws ConfigException with the lines stunnel prints before {@code Configuration failed}
     */
    public static StunnelConfig load(Path file, ConfigEnvironment env) throws ConfigException {
        Path real = realPath(file, env.workingDirectory());
        List<StartupNotice> notices = new ArrayList<>();
        ConfigParser parser = new ConfigParser(env.workingDirectory(), notices);
        List<ParseEvent> events = parse(real, parser);
        return new ConfigValidator(env, notices).validate(real, events).readFrom(parser.sources());
    }

    /** The parse step alone, on the main file named by its real path (also for {@link ConfigListing}). */
    static List<ParseEvent> parse(Path real, ConfigEnvironment env, List<StartupNotice> notices)
            throws ConfigException {
        return parse(real, new ConfigParser(env.workingDirectory(), notices));
    }

    private static List<ParseEvent> parse(Path real, ConfigParser parser) throws ConfigException {
        byte[] content;
        try {
            // stunnel reads a directory as an empty file (getc returns EOF at once)
            content = Files.isDirectory(real) ? new byte[0] : Files.readAllBytes(real);
        } catch (IOException e) {
            throw new ConfigException("Cannot open configuration file");
        }
        return parser.parse(real, content);
    }

    /** stunnel names the main file by its real path in every message (and fails here when it does not exist). */
    static Path realPath(Path file, Path workingDirectory) throws ConfigException {
        try {
            return workingDirectory.resolve(file).toRealPath();
        } catch (IOException e) {
            throw new ConfigException(List.of("Invalid configuration file name \"" + file + "\"",
                    "realpath: " + ConfigParser.SystemErrors.describe(e)));
        }
    }
}
