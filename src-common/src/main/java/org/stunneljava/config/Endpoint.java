package org.stunneljava.config;

import java.nio.file.Path;

/**
 * An {@code accept} or {@code connect} address as written: a TCP host and port, or a unix socket path.
 * Names are kept unresolved here; the net package resolves them (at start-up, or per connection with {@code delay}).
 */
public sealed interface Endpoint permits Endpoint.Tcp, Endpoint.Unix {

    /**
     * @param host a name or an IP literal (IPv6 without brackets); {@code null} means "not given": the wildcard
     *             address for {@code accept}, localhost for {@code connect}
     * @param port 0-65535 (0 only for {@code accept}: an ephemeral port)
     */
    record Tcp(String host, int port) implements Endpoint {
        @Override
        public String toString() {
            String h = host == null ? "" : host.contains(":") ? "[" + host + "]" : host;
            return h + ":" + port;
        }
    }

    record Unix(Path path) implements Endpoint {
        @Override
        public String toString() {
            return path.toString();
        }
    }
}
