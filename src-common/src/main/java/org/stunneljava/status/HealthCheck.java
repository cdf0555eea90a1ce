package org.stunneljava.status;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.NegotiationKind;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.Transparency;
import org.stunneljava.net.Addresses;
import org.stunneljava.net.Resolver;
import org.stunneljava.net.SocketErrors;

/**
 * {@code GET /health}: whether each service's backend is reachable right now. Each address of each {@code connect}
 * line (names resolved now, as with {@code delay = yes}) gets one TCP or unix-socket connect, closed at once, with
 * the service's {@code TIMEOUTconnect}; all of them in parallel, at most {@link #PARALLEL} at a time across every
 * request, so a burst of requests cannot open a burst of connections to the backends. A service is reachable when
 * at least one address answers (its failover list then works). Services whose next hop is not fixed (a transparent
 * destination, a program, a destination a protocol names) are not checked, and the report says why.
 * Thread-safe; one per endpoint.
 */
final class HealthCheck {
    /** Connects in flight at once, over every request. */
    static final int PARALLEL = 16;

    private final Semaphore permits = new Semaphore(PARALLEL);

    /** One address of a {@code connect} line, or the line itself when its name did not resolve. */
    record Target(String target, String address, boolean reachable, long millis, String error) {
    }

    /**
     * @param notChecked why the backend was not checked (empty when it was)
     */
    record ServiceHealth(String service, Optional<String> notChecked, List<Target> targets) {
        boolean checked() {
            return notChecked.isEmpty();
        }

        boolean reachable() {
            return targets.stream().anyMatch(Target::reachable);
        }
    }

    record Report(List<ServiceHealth> services) {
        /** Every checked backend is reachable (true when none is checked). */
        boolean healthy() {
            return services.stream().filter(ServiceHealth::checked).allMatch(ServiceHealth::reachable);
        }
    }

    Report run(List<ServiceConfig> services) throws InterruptedException {
        List<ServiceHealth> out = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<List<Future<Target>>> pending = new ArrayList<>();
            for (ServiceConfig s : services) {
                pending.add(notFixed(s).isPresent() ? List.of() : submit(threads, s));
            }
            for (int i = 0; i < services.size(); i++) {
                ServiceConfig s = services.get(i);
                List<Target> targets = new ArrayList<>();
                for (Future<Target> f : pending.get(i)) {
                    targets.add(result(f));
                }
                out.add(new ServiceHealth(s.name(), notFixed(s), targets));
            }
        }
        return new Report(out);
    }

    /**
     * Why a service has no backend to check: its next hop is decided per connection. Empty when it connects to its
     * {@code connect} list.
     */
    static Optional<String> notFixed(ServiceConfig s) {
        if (s.exec().isPresent()) {
            return Optional.of("exec");
        }
        Transparency.Next next = s.transparency().next();
        if (next == Transparency.Next.ORIGINAL || next == Transparency.Next.CARRIED) {
            return Optional.of("transparent destination");
        }
        NegotiationKind kind = s.negotiation().kind();
        boolean named = kind == NegotiationKind.SOCKS || kind == NegotiationKind.HTTPS_PROXY
                || kind == NegotiationKind.CONNECT;
        if (!s.client() && named) {
            return Optional.of("protocol = " + kind.stunnelName());
        }
        if (s.connect().isEmpty()) {
            return Optional.of("no connect address");
        }
        return Optional.empty();
    }

    private List<Future<Target>> submit(ExecutorService threads, ServiceConfig s) {
        Duration timeout = s.timeouts().connect();
        List<Future<Target>> futures = new ArrayList<>();
        for (Endpoint e : s.connect()) {
            List<SocketAddress> addresses;
            try {
                addresses = Resolver.forConnect(e);
            } catch (UnknownHostException unknown) {
                Target failed = new Target(e.toString(), null, false, 0, "Error resolving \""
                        + ((Endpoint.Tcp) e).host() + "\": Neither nodename nor servname known (EAI_NONAME)");
                futures.add(CompletableFuture.completedFuture(failed));
                continue;
            }
            for (SocketAddress a : addresses) {
                futures.add(threads.submit(() -> probe(e.toString(), a, timeout)));
            }
        }
        return futures;
    }

    private Target probe(String target, SocketAddress address, Duration timeout) throws InterruptedException {
        permits.acquire();
        long start = System.nanoTime();
        String text = Addresses.text(address);
        try (SocketChannel channel = open(address)) {
            if (address instanceof UnixDomainSocketAddress) {
                channel.connect(address);
            } else {
                channel.socket().connect(address, (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
            }
            return new Target(target, text, true, millisSince(start), null);
        } catch (IOException e) {
            return new Target(target, text, false, millisSince(start), SocketErrors.describe(e));
        } finally {
            permits.release();
        }
    }

    private static SocketChannel open(SocketAddress address) throws IOException {
        if (address instanceof UnixDomainSocketAddress) {
            return SocketChannel.open(StandardProtocolFamily.UNIX);
        }
        return SocketChannel.open(((InetSocketAddress) address).getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static Target result(Future<Target> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("health probe failed unexpectedly", e.getCause());
        }
    }
}
