package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test helper: writes configuration files into a temporary directory (which is also the working directory the
 * loader resolves relative paths against) and loads them without DNS: names ending in {@code .invalid} do not
 * resolve, every other name resolves to loopback.
 */
final class Conf {
    static final HostResolver RESOLVER = host -> {
        if (host.endsWith(".invalid")) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getLoopbackAddress());
    };
    static final ServiceNames SERVICES = ServiceNames.parse("""
            # a few lines in services(5) format
            http		80/tcp		www		# WorldWideWeb HTTP
            https		443/tcp
            imaps		993/tcp
            syslog		514/udp
            """);
    /** A server service needs a certificate; the loader does not read it, so it need not exist. */
    static final String SERVER = "cert = server.pem";

    private final Path dir;

    Conf(Path dir) {
        this.dir = dir;
    }

    ConfigEnvironment env() {
        return new ConfigEnvironment(RESOLVER, SERVICES, dir);
    }

    Path dir() {
        return dir;
    }

    /** The main file's name as the loader reports it (its real path). */
    Path main() {
        try {
            return dir.toRealPath().resolve("stunnel.conf");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(String name, String... lines) {
        return writeBytes(name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    Path writeBytes(String name, byte[] content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    StunnelConfig load(String... lines) throws ConfigException {
        write("stunnel.conf", lines);
        return ConfigLoader.load(dir.resolve("stunnel.conf"), env());
    }

    /** Loads lines that must fail; returns the error lines. */
    List<String> error(String... lines) {
        write("stunnel.conf", lines);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("stunnel.conf"), env()))
                .lines();
    }

    /** The last error line of a failing load: the reason stunnel prints before "Configuration failed". */
    String lastError(String... lines) {
        List<String> errors = error(lines);
        return errors.get(errors.size() - 1);
    }

    /** {@code MAIN:LINE: "text": reason} for the main file. */
    String at(int line, String text, String reason) {
        return main() + ":" + line + ": \"" + text + "\": " + reason;
    }

    /** The single service of a loaded file. */
    static ServiceConfig only(StunnelConfig config) {
        if (config.services().size() != 1) {
            throw new AssertionError("expected one service, got " + config.services());
        }
        return config.services().get(0);
    }

    static List<String> noticeTexts(StunnelConfig config) {
        return config.notices().stream().map(StartupNotice::text).toList();
    }
}
