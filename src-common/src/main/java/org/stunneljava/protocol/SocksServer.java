package org.stunneljava.protocol;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.Connection;
import org.stunneljava.tls.HandshakeRecord;

/**
 * {@code protocol = socks} in server mode: a SOCKS 4, 4a or 5 request inside TLS names the destination, which
 * replaces {@code connect}. The requests, replies and log lines are stunnel 5.68's ({@link Socks4Request},
 * {@link Socks5Request}), with two deliberate differences (README, "SOCKS server"):
 * <ul>
 * <li>The success reply goes out <em>after</em> the destination is connected, and a failed connect is answered
 * (SOCKS 5: 0x05 connection refused, or 0x04 host unreachable when every address timed out; SOCKS 4: 91) before the
 * connection closes. stunnel answers success first and resets the connection when the connect fails (its own
 * FIXME); the bytes of every reply are otherwise stunnel's.</li>
 * <li>{@code ::ffff:127.0.0.1} and the other IPv4-mapped loopback addresses are refused as the IPv4 loopback
 * (stunnel's check lets them through).</li>
 * </ul>
 * Without {@code protocolAllow} the only check is stunnel's: loopback refused ({@code 0.0.0.0} and {@code ::}
 * still reach this host, as in stunnel). With it, the lines decide ({@link DestinationGuard}) and TOR RESOLVE is
 * refused. One instance per service hands each connection its own ({@link #forConnection}), which holds the reply
 * waiting for the connect.
 */
final class SocksServer implements ServerNegotiator {
    /** How a requested destination fared. */
    enum Verdict { ALLOWED, REFUSED, UNRESOLVED }

    private final Optional<DestinationGuard> guard;
    private final Duration connectTimeout;
    private final SocketChannel accepted;
    private Connection connection;
    private String client;
    private List<InetSocketAddress> targets;
    private SocksReply pending;

    SocksServer(ServiceConfig service) {
        this(DestinationGuard.of(service), service.timeouts().connect(), null);
    }

    private SocksServer(Optional<DestinationGuard> guard, Duration connectTimeout, SocketChannel accepted) {
        this.guard = guard;
        this.connectTimeout = connectTimeout;
        this.accepted = accepted;
    }

    @Override
    public ServerNegotiator forConnection(SocketChannel acceptedSocket) {
        return new SocksServer(guard, connectTimeout, acceptedSocket);
    }

    @Override
    public Optional<Dialer> insideTls(Connection c, HandshakeRecord handshake, LineChannel tls) throws IOException {
        this.connection = c;
        this.client = DestinationGuard.client(handshake, accepted);
        c.log().log(Severity.DEBUG, "Waiting for the SOCKS request");
        int version = tls.readByte();
        SocksReply reply = switch (version) {
            case 4 -> Socks4Request.read(tls, this, c.log());
            case 5 -> {
                try {
                    Socks5Request.selectMethod(tls);
                } catch (NegotiationFailure e) {
                    endAfterReply(tls);
                    throw e;
                }
                yield Socks5Request.read(tls, this, c.log());
            }
            default -> throw NegotiationFailure.reset(String.format("Unsupported SOCKS version 0x%02x", version));
        };
        if (!reply.connect()) {
            tls.write(reply.reply());
            endAfterReply(tls);
            throw NegotiationFailure.quietClose("SOCKS request answered");
        }
        pending = reply;
        return Optional.of(Targets.dialer(targets, connectTimeout));
    }

    @Override
    public void connectFailed(Connection c, LineChannel tls, IOException failure) throws IOException {
        byte[] answer = pending.onFailure().clone();
        if (answer[0] == 5 && failure instanceof Dialer.NoMoreAddresses n && n.timedOut()) {
            answer[1] = Socks5Request.HOST_UNREACHABLE;
        }
        tls.write(answer);
        endAfterReply(tls);
        throw NegotiationFailure.quietClose("SOCKS connect failed, answered");
    }

    @Override
    public void beforeRelay(Connection c, SocketChannel acceptedSocket, HandshakeRecord handshake, LineChannel tls,
                            LineChannel backend) throws IOException {
        tls.write(pending.reply());
    }

    /** A destination the client wrote as an address. */
    Verdict checkAddress(InetSocketAddress target) throws IOException {
        boolean allowed = guard.isPresent() ? guard.get().address(connection, client, target) : notLoopback(target);
        return allowed ? accept(List.of(target)) : Verdict.REFUSED;
    }

    /**
     * A destination the client named: resolved (with stunnel's {@code LABEL resolved "NAME" to N host(s)} line),
     * then checked; with {@code protocolAllow}, the name is checked first and a refused one is never resolved.
     */
    Verdict checkName(String label, String name, int port) throws IOException {
        Optional<String> rule = Optional.empty();
        if (guard.isPresent()) {
            rule = guard.get().name(connection, client, name, port);
            if (rule.isEmpty()) {
                return Verdict.REFUSED;
            }
        }
        List<InetSocketAddress> found = Targets.resolve(connection.log(), name, port);
        if (found.isEmpty()) {
            connection.log().log(Severity.ERR, label + " failed to resolve \"" + name + "\"");
            return Verdict.UNRESOLVED;
        }
        connection.log().log(Severity.INFO, label + " resolved \"" + name + "\" to " + found.size() + " host(s)");
        boolean allowed = guard.isPresent()
                ? guard.get().resolved(connection, client, name, port, rule.get(), found)
                : found.stream().allMatch(this::notLoopback);
        return allowed ? accept(found) : Verdict.REFUSED;
    }

    /** TOR RESOLVE answers with an address: allowed only without {@code protocolAllow}. */
    boolean mayResolve(String name, int port) {
        guard.ifPresent(g -> g.refuse(connection, client, name + ":" + port,
                "RESOLVE requests are refused when protocolAllow lines are set"));
        return guard.isEmpty();
    }

    private Verdict accept(List<InetSocketAddress> found) {
        targets = found;
        return Verdict.ALLOWED;
    }

    /** stunnel's validate(): the loopback addresses are refused, with its lines. */
    private boolean notLoopback(InetSocketAddress target) {
        if (target.getAddress() instanceof Inet6Address a && a.isLoopbackAddress()) {
            connection.log().log(Severity.ERR, "SOCKS connection to the IPv6 loopback rejected");
            return false;
        }
        // The JDK makes ::ffff:127.x.y.z an Inet4Address, so the mapped spelling is refused here too.
        if (target.getAddress() instanceof Inet4Address a && a.isLoopbackAddress()) {
            connection.log().log(Severity.ERR, "SOCKS connection to the IPv4 loopback rejected");
            return false;
        }
        return true;
    }

    /** After a reply that ends the exchange: close_notify, so the client reads the reply and then a clean end. */
    private static void endAfterReply(LineChannel tls) {
        try {
            tls.side().shutdownOutput();
        } catch (IOException e) {
            // the client is gone: nothing to tell it
        }
    }
}
