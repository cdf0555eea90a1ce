package org.stunneljava.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.Failover;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.destination.DestinationRules;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.Connection;

/**
 * {@code protocol = connect} in server mode, as stunnel 5.68's connect_server: before TLS, the client sends a
 * plaintext {@code CONNECT TARGET HTTP/1.x} request (prefix and protocol matched ignoring case; header lines read
 * to the empty line and ignored); the answer is {@code HTTP/1.0 200 OK}, {@code 400 Bad Request Method} (not
 * CONNECT), {@code 400 Bad Request Protocol} (no {@code " HTTP/"} after the target) or {@code 404 Not Found} (the
 * target does not resolve), each followed by a {@code Server:} line and an empty line; then the client starts TLS
 * and, after the handshake, the target replaces {@code connect}. TARGET is stunnel's {@code HOST:PORT} split at the
 * last colon, a bare {@code PORT} on the loopback addresses, or a {@code /unix/socket/path}; brackets around an
 * IPv6 host are accepted too (curl sends them).
 *
 * <p>Differences, deliberate: our {@code Server:} line names us ({@link #SERVER}); with {@code protocolAllow}
 * lines a target they do not allow is answered {@code HTTP/1.0 403 Forbidden} (and a unix socket path always is).
 * Without them any target is connected, as in stunnel (a start-up warning says so). Like stunnel, the 200 answer
 * comes before the target is connected: a failed connect resets the connection after the handshake.
 */
final class ConnectServer implements ServerNegotiator {
    /** Our {@code Server:} header: stunnel sends {@code Server: stunnel/5.68}. */
    static final String SERVER = "Server: stunnel-java/" + version();
    private static final int MAX_UNIX_PATH_BYTES = 107;

    private final Optional<DestinationGuard> guard;
    private final Duration connectTimeout;
    private final SocketChannel accepted;

    ConnectServer(ServiceConfig service) {
        this(DestinationGuard.of(service), service.timeouts().connect(), null);
    }

    private ConnectServer(Optional<DestinationGuard> guard, Duration connectTimeout, SocketChannel accepted) {
        this.guard = guard;
        this.connectTimeout = connectTimeout;
        this.accepted = accepted;
    }

    @Override
    public ServerNegotiator forConnection(SocketChannel acceptedSocket) {
        return new ConnectServer(guard, connectTimeout, acceptedSocket);
    }

    @Override
    public Optional<Dialer> beforeTls(Connection connection, LineChannel client) throws IOException {
        String request = client.readLine();
        if (!LineChannel.startsWith(request, "CONNECT ")) {
            throw answered(client, "HTTP/1.0 400 Bad Request Method");
        }
        int protocol = request.indexOf(' ', 8);
        if (protocol < 0 || !request.regionMatches(true, protocol, " HTTP/", 0, 6)) {
            throw answered(client, "HTTP/1.0 400 Bad Request Protocol");
        }
        while (!client.readLine().isEmpty()) {
            // header lines are ignored, as in stunnel
        }
        String target = request.substring(8, protocol);
        Lookup lookup = target.startsWith("/") ? unixTarget(connection, target) : tcpTarget(connection, target);
        if (lookup.dialer() == null) {
            throw answered(client, lookup.refused() ? "HTTP/1.0 403 Forbidden" : "HTTP/1.0 404 Not Found");
        }
        answer(client, "HTTP/1.0 200 OK");
        return Optional.of(lookup.dialer());
    }

    /** Where a target leads: a dialer, or refused by the allow lines (403), or not found (404). */
    private record Lookup(Dialer dialer, boolean refused) {
        static final Lookup REFUSED = new Lookup(null, true);
        static final Lookup NOT_FOUND = new Lookup(null, false);
    }

    private Lookup unixTarget(Connection connection, String path) {
        if (guard.isPresent()) {
            guard.get().refuse(connection, client(), path, "a unix socket is never a protocolAllow destination");
            return Lookup.REFUSED;
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_UNIX_PATH_BYTES) {
            connection.log().log(Severity.ERR, "Unix socket path is too long");
            return Lookup.NOT_FOUND;
        }
        return new Lookup(new Dialer(List.of(new Endpoint.Unix(Path.of(path))), false, Failover.PRIO,
                connectTimeout), false);
    }

    private Lookup tcpTarget(Connection connection, String target) throws IOException {
        int colon = target.lastIndexOf(':');
        String portText = target.substring(colon + 1);
        if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) > 65535) {
            connection.log().log(Severity.ERR, "Unknown TCP service \"" + portText + "\"");
            return Lookup.NOT_FOUND;
        }
        int port = Integer.parseInt(portText);
        if (colon < 0) { // getaddrinfo(NULL, port): the loopback addresses, IPv6 first
            InetSocketAddress v4 = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port);
            return guard.isPresent() ? address(connection, v4)
                    : dial(List.of(new InetSocketAddress(InetAddress.ofLiteral("::1"), port), v4));
        }
        String written = target.substring(0, colon);
        String host = written.length() > 2 && written.startsWith("[") && written.endsWith("]")
                ? written.substring(1, written.length() - 1) : written;
        Optional<InetAddress> literal = DestinationRules.literal(host);
        if (literal.isPresent()) {
            InetSocketAddress address = new InetSocketAddress(literal.get(), port);
            return guard.isPresent() ? address(connection, address) : dial(List.of(address));
        }
        Optional<String> rule = Optional.empty();
        if (guard.isPresent()) {
            rule = guard.get().name(connection, client(), host, port);
            if (rule.isEmpty()) {
                return Lookup.REFUSED;
            }
        }
        List<InetSocketAddress> found = Targets.resolve(connection.log(), host, port);
        if (found.isEmpty()) {
            return Lookup.NOT_FOUND;
        }
        if (rule.isPresent() && !guard.get().resolved(connection, client(), host, port, rule.get(), found)) {
            return Lookup.REFUSED;
        }
        return dial(found);
    }

    private Lookup address(Connection connection, InetSocketAddress address) throws IOException {
        return guard.orElseThrow().address(connection, client(), address) ? dial(List.of(address)) : Lookup.REFUSED;
    }

    private Lookup dial(List<InetSocketAddress> addresses) {
        return new Lookup(Targets.dialer(addresses, connectTimeout), false);
    }

    /** Before TLS there is no certificate: the client is its address. */
    private String client() {
        return DestinationGuard.client(null, accepted);
    }

    /** Answers {@code status} and ends the connection with a reset, as stunnel does (nothing more is logged). */
    private static NegotiationFailure answered(LineChannel client, String status) throws IOException {
        answer(client, status);
        return NegotiationFailure.quietReset(status);
    }

    private static void answer(LineChannel client, String status) throws IOException {
        client.writeLine(status);
        client.writeLine(SERVER);
        client.writeLine("");
    }

    private static String version() {
        String v = ConnectServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
