package org.stunneljava.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The value of {@code status = [HOST:]PORT | /unix/path} (our extension): where the status and metrics endpoint
 * listens. Read as stunnel reads {@code accept} (a leading {@code /} is a unix socket, else split at the last colon,
 * IPv6 with or without brackets), except that a bare port means the loopback address 127.0.0.1, not every address:
 * what the endpoint tells is for the operator, not for the clients of the tunnel. The host is resolved when the
 * endpoint binds. An empty value turns the endpoint off, as an empty {@code pid} turns the pid file off.
 */
final class StatusAddress {
    static final String OPTION = "status";
    /** sockaddr_un.sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_UNIX_PATH_BYTES = 107;

    private StatusAddress() {
    }

    static Optional<Endpoint> parse(String value) throws OptionError {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.startsWith("/")) {
            if (value.getBytes(StandardCharsets.UTF_8).length > MAX_UNIX_PATH_BYTES) {
                throw new OptionError("Unix socket path is too long");
            }
            return Optional.of(new Endpoint.Unix(Path.of(value)));
        }
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? null : unbracket(value.substring(0, colon));
        String port = colon < 0 ? value : value.substring(colon + 1);
        if (host != null && host.isEmpty()) {
            throw new OptionError("Error resolving \"\": Neither nodename nor servname known (EAI_NONAME)");
        }
        return Optional.of(new Endpoint.Tcp(host, port(port)));
    }

    /** Digits only, 0-65535 (0: a port the kernel picks, which the start-up line names). */
    private static int port(String text) throws OptionError {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new OptionError("Invalid port \"" + text + "\": a number 0-65535 is needed");
        }
        String digits = text.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
            throw new OptionError("Invalid port \"" + text + "\": ports are 0-65535");
        }
        return Integer.parseInt(digits);
    }

    private static String unbracket(String host) {
        return host.length() >= 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
    }
}
