package org.stunneljava.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.destination.DestinationRules;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.Connection;
import org.stunneljava.tls.HandshakeRecord;

/**
 * {@code protocol = https-proxy} (ours, server mode): an HTTPS proxy as {@code curl --proxy https://...} expects
 * one. TLS comes first (with every TLS option of the service: a proxy that checks client certificates), then a
 * {@code CONNECT host:port HTTP/1.x} request inside TLS (RFC 9110 section 9.3.6), whose destination must be allowed
 * by a {@code protocolAllow} line (deny by default, {@link DestinationGuard}). Every outcome is answered, then the
 * connection ends cleanly (close_notify):
 * <ul>
 * <li>{@code 200 Connection established} once the destination is connected; then the tunnel, and at its end one
 *     line with the destination, both byte counts and the duration;</li>
 * <li>{@code 400 Bad Request} (not {@code METHOD TARGET HTTP/1.0|1.1}, a target that is not {@code host:port},
 *     more than {@value #MAX_HEADERS} header lines), {@code 405 Method Not Allowed} (not CONNECT),
 *     {@code 403 Forbidden} (no allow line), {@code 502 Bad Gateway} (the name does not resolve, or no address
 *     accepts the connection), {@code 504 Gateway Timeout} (every address timed out, {@code TIMEOUTconnect}),
 *     each with a one-line plain-text body saying why.</li>
 * </ul>
 * Header lines are read and ignored (no proxy authentication: TLS client certificates do that). One instance per
 * service hands each connection its own ({@link #forConnection}).
 */
final class HttpsProxy implements ServerNegotiator {
    static final int MAX_HEADERS = 100;
    private final DestinationGuard guard;
    private final Duration connectTimeout;
    private final SocketChannel accepted;
    private String client;
    private String target;
    private long since;

    HttpsProxy(ServiceConfig service) {
        this(DestinationGuard.of(service).orElseThrow(), service.timeouts().connect(), null);
    }

    private HttpsProxy(DestinationGuard guard, Duration connectTimeout, SocketChannel accepted) {
        this.guard = guard;
        this.connectTimeout = connectTimeout;
        this.accepted = accepted;
    }

    @Override
    public ServerNegotiator forConnection(SocketChannel acceptedSocket) {
        return new HttpsProxy(guard, connectTimeout, acceptedSocket);
    }

    @Override
    public Optional<Dialer> insideTls(Connection c, HandshakeRecord handshake, LineChannel tls) throws IOException {
        client = DestinationGuard.client(handshake, accepted);
        String[] request = tls.readLine().split(" ", -1);
        if (request.length != 3 || !(request[2].equals("HTTP/1.1") || request[2].equals("HTTP/1.0"))) {
            throw badRequest(c, tls, 400, "malformed request line: METHOD TARGET HTTP/1.1 expected");
        }
        if (!request[0].equals("CONNECT")) {
            throw badRequest(c, tls, 405, "this proxy only opens tunnels: CONNECT host:port expected, not "
                    + request[0]);
        }
        Authority authority = Authority.parse(request[1]);
        if (authority == null) {
            throw badRequest(c, tls, 400, "malformed CONNECT target: host:port expected");
        }
        for (int headers = 0; !tls.readLine().isEmpty(); headers++) {
            if (headers == MAX_HEADERS) {
                throw badRequest(c, tls, 400, "more than " + MAX_HEADERS + " header lines");
            }
        }
        target = authority.text();
        List<InetSocketAddress> addresses = destinations(c, authority);
        if (addresses == null) {
            throw answered(tls, 403, target + " is not an allowed destination");
        }
        if (addresses.isEmpty()) {
            throw answered(tls, 502, "cannot resolve " + authority.host());
        }
        return Optional.of(Targets.dialer(addresses, connectTimeout));
    }

    /** The addresses to connect, empty when the name does not resolve, null when the allow lines refuse. */
    private List<InetSocketAddress> destinations(Connection c, Authority authority) throws IOException {
        Optional<InetAddress> literal = DestinationRules.literal(authority.host());
        if (literal.isPresent()) {
            InetSocketAddress address = new InetSocketAddress(literal.get(), authority.port());
            return guard.address(c, client, address) ? List.of(address) : null;
        }
        Optional<String> rule = guard.name(c, client, authority.host(), authority.port());
        if (rule.isEmpty()) {
            return null;
        }
        List<InetSocketAddress> found = Targets.resolve(c.log(), authority.host(), authority.port());
        if (found.isEmpty()) {
            return found;
        }
        return guard.resolved(c, client, authority.host(), authority.port(), rule.get(), found) ? found : null;
    }

    @Override
    public void connectFailed(Connection c, LineChannel tls, IOException failure) throws IOException {
        if (failure instanceof Dialer.NoMoreAddresses n && n.timedOut()) {
            throw answered(tls, 504, "connecting to " + target + " timed out");
        }
        throw answered(tls, 502, "cannot connect to " + target);
    }

    @Override
    public void beforeRelay(Connection c, SocketChannel acceptedSocket, HandshakeRecord handshake, LineChannel tls,
                            LineChannel backend) throws IOException {
        tls.writeLine("HTTP/1.1 200 Connection established");
        tls.writeLine("");
        since = System.nanoTime();
    }

    @Override
    public void afterRelay(Connection c) {
        double seconds = (System.nanoTime() - since) / 1e9;
        c.log().log(Severity.NOTICE, String.format(Locale.ROOT, "https-proxy: tunnel %s -> %s closed after %.3f s:"
                + " %d byte(s) from the client, %d byte(s) to the client", client, target, seconds,
                c.bytesToSocket(), c.bytesToTls()));
    }

    private NegotiationFailure badRequest(Connection c, LineChannel tls, int status, String reason)
            throws IOException {
        c.log().log(Severity.WARNING, "https-proxy: bad request from " + client + ": " + reason);
        return answered(tls, status, reason);
    }

    /**
     * Answers {@code status} with {@code reason} as a plain-text body, then close_notify: the client reads the whole
     * answer, then a clean end. The caller throws the result, which closes the connection without a reset.
     */
    private static NegotiationFailure answered(LineChannel tls, int status, String reason) throws IOException {
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        tls.writeLine("HTTP/1.1 " + status + " " + phrase(status));
        tls.writeLine("Content-Type: text/plain; charset=utf-8");
        tls.writeLine("Content-Length: " + body.length);
        tls.writeLine("Connection: close");
        if (status == 405) {
            tls.writeLine("Allow: CONNECT");
        }
        tls.writeLine("");
        tls.write(body);
        try {
            tls.side().shutdownOutput();
        } catch (IOException e) {
            // the client is gone: nothing to tell it
        }
        return NegotiationFailure.quietClose(status + " " + reason);
    }

    private static String phrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 405 -> "Method Not Allowed";
            case 502 -> "Bad Gateway";
            case 504 -> "Gateway Timeout";
            default -> throw new IllegalArgumentException("status " + status);
        };
    }

    /** A CONNECT target: {@code host:port} with a DNS name or IPv4 address, or {@code [IPv6]:port}. */
    record Authority(String host, int port, String text) {
        static Authority parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || !text.substring(colon + 1).matches("[0-9]{1,5}")) {
                return null;
            }
            int port = Integer.parseInt(text.substring(colon + 1));
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
                if (host.indexOf(':') < 0 || DestinationRules.literal(host).isEmpty()) {
                    return null;
                }
            } else if (!host.matches("[A-Za-z0-9._-]+")) {
                return null;
            }
            return port < 1 || port > 65535 ? null : new Authority(host, port, text);
        }
    }
}
