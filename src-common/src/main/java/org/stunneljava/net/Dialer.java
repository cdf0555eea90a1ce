package org.stunneljava.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.Failover;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * Connects a service's {@code connect} list with stunnel's failover: every address of every line in order
 * ({@code prio}) or from a rotating start ({@code rr}, first start random), falling through to the next on failure
 * or after {@code TIMEOUTconnect}. Names are resolved once at construction, or per connection with {@code delay}.
 * A server connection that resumed a TLS session starts at the backend the session used before (stunnel's session
 * persistence, see {@link Persistence}). With stunnel's {@code local} each attempt is bound to that address (and
 * an ephemeral port) first, else with {@code transparent = source} to the accepted client's address (see
 * {@link TransparentSource}); a target of another family than that source is skipped with stunnel's debug line,
 * as any failed address is.
 * Thread-safe; one per service. The caller owns the returned channel.
 */
public final class Dialer {
    private final List<Endpoint> targets;
    private final boolean delay;
    private final Failover failover;
    private final Duration timeout;
    private final List<SocketAddress> resolved;
    private final AtomicInteger rrCounter = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));

    /** Thrown when every address failed; the reason was logged per address. */
    public static final class NoMoreAddresses extends IOException {
        private final boolean timedOut;

        NoMoreAddresses(boolean timedOut) {
            super("No more addresses to connect");
            this.timedOut = timedOut;
        }

        /** Every address was tried and each one hit TIMEOUTconnect (an HTTP proxy answers 504 rather than 502). */
        public boolean timedOut() {
            return timedOut;
        }
    }

    public Dialer(List<Endpoint> targets, boolean delay, Failover failover, Duration timeout) {
        this.targets = List.copyOf(targets);
        this.delay = delay;
        this.failover = delay ? Failover.PRIO : failover; // stunnel: delay forces prio
        this.timeout = timeout;
        this.resolved = delay ? null : resolveAll(null);
    }

    public static Dialer forService(ServiceConfig service) {
        return new Dialer(service.connect(), service.delay(), service.failover(), service.timeouts().connect());
    }

    /** One address known per connection (a transparent destination): no names to resolve, nothing to fail over to. */
    public static Dialer to(InetSocketAddress address, Duration timeout) {
        return new Dialer(List.of(new Endpoint.Tcp(address.getAddress().getHostAddress(), address.getPort())), false,
                Failover.PRIO, timeout);
    }

    public SocketChannel connect(Log log) throws IOException {
        return connect(log, Persistence.NONE);
    }

    /**
     * Connects the first address that answers, starting where failover (or a resumed session's persistence) says,
     * and notes the address in the session: stunnel's {@code persistence: ADDR cached} line.
     */
    public SocketChannel connect(Log log, Persistence persistence) throws IOException {
        return connect(log, persistence, null);
    }

    /**
     * As {@link #connect(Log, Persistence)}, each attempt bound to {@code transparentSource} first: stunnel's
     * {@code transparent = source}, where the caller passes the accepted connection's remote address (an
     * {@link InetSocketAddress}, or a {@link UnixDomainSocketAddress} for a unix {@code accept}).
     *
     * @param transparentSource the address to connect from, or null to let the kernel choose (no bind)
     */
    public SocketChannel connect(Log log, Persistence persistence, SocketAddress transparentSource)
            throws IOException {
        return connect(log, persistence, transparentSource, null);
    }

    /**
     * As {@link #connect(Log, Persistence, SocketAddress)}, each attempt bound to {@code local} (stunnel's
     * {@code local}, with an ephemeral port) when it is set: it takes precedence over {@code transparentSource},
     * though the socket still gets the non-local bind options with {@code transparent = source}, as in stunnel's
     * connect_init.
     *
     * @param local the source address for every attempt, or null
     */
    public SocketChannel connect(Log log, Persistence persistence, SocketAddress transparentSource,
                                 InetAddress local) throws IOException {
        SocketAddress source = local != null ? new InetSocketAddress(local, 0) : transparentSource;
        boolean nonLocal = transparentSource != null;
        List<SocketAddress> addresses = delay ? resolveAll(log) : resolved;
        int start = addresses.size() > 1 ? start(addresses, persistence, log) : 0;
        boolean[] onlyTimeouts = {!addresses.isEmpty()};
        for (int i = 0; i < addresses.size(); i++) {
            SocketAddress address = addresses.get((start + i) % addresses.size());
            SocketChannel channel = attempt(address, source, nonLocal, log, onlyTimeouts);
            if (channel != null) {
                if (persistence.enabled()) {
                    log.log(Severity.INFO, "persistence: " + Addresses.text(address) + " cached");
                    persistence.remember().accept(address);
                }
                return channel;
            }
        }
        log.log(Severity.ERR, "No more addresses to connect");
        throw new NoMoreAddresses(onlyTimeouts[0]);
    }

    /**
     * Where to start in a list of more than one address (stunnel's idx_cache_retrieve): a resumed session's last
     * backend when it is still in the list, else the failover order's start.
     */
    private int start(List<SocketAddress> addresses, Persistence persistence, Log log) {
        if (persistence.enabled() && persistence.resumed()) {
            SocketAddress previous = persistence.previous().get();
            if (previous == null) {
                log.log(Severity.NOTICE, "persistence: No cached address found");
            } else {
                int index = addresses.indexOf(previous);
                String text = Addresses.text(previous);
                if (index >= 0) {
                    log.log(Severity.INFO, "persistence: " + text + " reused");
                    return index;
                }
                log.log(Severity.INFO, "persistence: " + text + " not available");
            }
        }
        if (failover == Failover.RR) {
            int start = Math.floorMod(rrCounter.getAndIncrement(), addresses.size());
            log.log(Severity.INFO, "failover: round-robin, starting at entry #" + start);
            return start;
        }
        log.log(Severity.INFO, "failover: priority, starting at entry #0");
        return 0;
    }

    /**
     * One address, as stunnel's connect_init (socket, source bind) then s_connect; null when it failed, and then
     * {@code onlyTimeouts[0]} cleared unless it timed out.
     *
     * @param nonLocal whether the socket may take a non-local source ({@code transparent = source})
     */
    private SocketChannel attempt(SocketAddress address, SocketAddress source, boolean nonLocal, Log log,
                                  boolean[] onlyTimeouts) {
        if (source != null && !TransparentSource.fits(source, address, log)) {
            onlyTimeouts[0] = false;
            return null;
        }
        String text = Addresses.text(address);
        SocketChannel channel = null;
        try {
            channel = open(address);
            if (source != null && !TransparentSource.bind(channel, source, nonLocal, log)) {
                closeQuietly(channel);
                onlyTimeouts[0] = false;
                return null;
            }
            log.log(Severity.INFO, "s_connect: connecting " + text);
            if (address instanceof UnixDomainSocketAddress) {
                channel.connect(address);
            } else {
                channel.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            }
            log.log(Severity.NOTICE, "s_connect: connected " + text);
            return channel;
        } catch (SocketTimeoutException e) {
            log.log(Severity.ERR, "s_connect: s_poll_wait " + text + ": TIMEOUTconnect exceeded");
        } catch (IOException e) {
            log.log(Severity.ERR, "s_connect: connect " + text + ": " + SocketErrors.describe(e));
            onlyTimeouts[0] = false;
        }
        closeQuietly(channel);
        return null;
    }

    private static SocketChannel open(SocketAddress address) throws IOException {
        if (address instanceof UnixDomainSocketAddress) {
            return SocketChannel.open(StandardProtocolFamily.UNIX);
        }
        // TCP_NODELAY and the other r: options are set by Lifecycle.dial on the connected socket, as in stunnel
        InetSocketAddress inet = (InetSocketAddress) address;
        return SocketChannel.open(inet.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    }

    /** With a log (per connection), unresolvable names are logged and skipped; at construction they cannot occur
     * because the config step switched such services to {@code delay}. */
    private List<SocketAddress> resolveAll(Log log) {
        List<SocketAddress> out = new ArrayList<>();
        for (Endpoint target : targets) {
            try {
                out.addAll(Resolver.forConnect(target));
            } catch (UnknownHostException e) {
                if (log != null) {
                    log.log(Severity.ERR, "Error resolving \"" + ((Endpoint.Tcp) target).host()
                            + "\": Neither nodename nor servname known (EAI_NONAME)");
                }
            }
        }
        return List.copyOf(out);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // a failed attempt: the next address is tried
            }
        }
    }
}
