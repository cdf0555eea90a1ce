package org.stunneljava.status;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.launch.Reloads;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Addresses;
import org.stunneljava.net.Listener;
import org.stunneljava.net.SocketErrors;

/**
 * The status and metrics endpoint ({@code status = ...}): a deliberately small HTTP/1.1 server, {@code GET} and
 * {@code HEAD} of {@code /metrics} ({@link MetricsText}) and {@code /health} ({@link HealthReport}), one request per
 * connection ({@code Connection: close}). Ours rather than the JDK's {@code com.sun.net.httpserver}: that one
 * bounds a slow request only through JVM-wide system properties read once ({@code sun.net.httpserver.maxReqTime},
 * unlimited by default), and binds no unix socket.
 *
 * <p>Every connection gets a virtual thread and a deadline: {@link Limits#readTime} to send its request head, at most
 * {@link Limits#headBytes}, then {@link Limits#writeTime} to take the answer; a deadline closes the socket. Anything
 * else than a well-formed HTTP/1.x request is answered 400 (431 for an oversized head, 405 for another method than
 * GET or HEAD) and closed. At most {@link Limits#connections} are served at once; more are closed at accept. None
 * of this touches the tunnel's own listeners or connections.
 *
 * <p>Owns its listening socket and threads until {@link #close}. The services and reload history are read per
 * request, so the endpoint can outlive a reload.
 */
public final class StatusEndpoint implements AutoCloseable {
    /** The bounds on each client. */
    record Limits(int headBytes, Duration readTime, Duration writeTime, int connections) {
        static final Limits DEFAULT = new Limits(8192, Duration.ofSeconds(5), Duration.ofSeconds(10), 16);
    }

    private final ServerSocketChannel listener;
    private final Metrics metrics;
    private final Supplier<List<ServiceConfig>> services;
    private final Reloads reloads;
    private final Log log;
    private final Limits limits;
    private final Semaphore slots;
    private final HealthCheck health = new HealthCheck();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "status-deadlines");
        t.setDaemon(true);
        return t;
    });

    private StatusEndpoint(ServerSocketChannel listener, Metrics metrics, Supplier<List<ServiceConfig>> services,
                           Reloads reloads, Log log, Limits limits) {
        this.listener = listener;
        this.metrics = metrics;
        this.services = services;
        this.reloads = reloads;
        this.log = log;
        this.limits = limits;
        this.slots = new Semaphore(limits.connections());
    }

    /**
     * Binds {@code address} and starts serving; logs {@code Status endpoint bound to ADDRESS}.
     *
     * @param services the services whose metrics and backends are reported, read per request
     * @throws IOException the address does not resolve or cannot be bound
     */
    public static StatusEndpoint start(Endpoint address, Metrics metrics, Supplier<List<ServiceConfig>> services,
                                       Reloads reloads, Log log) throws IOException {
        return start(address, metrics, services, reloads, log, Limits.DEFAULT);
    }

    static StatusEndpoint start(Endpoint address, Metrics metrics, Supplier<List<ServiceConfig>> services,
                                Reloads reloads, Log log, Limits limits) throws IOException {
        ServerSocketChannel listener = Listener.bind(socketAddress(address));
        StatusEndpoint endpoint = new StatusEndpoint(listener, metrics, services, reloads, log, limits);
        log.log(Severity.NOTICE, "Status endpoint bound to " + Addresses.text(listener.getLocalAddress()));
        Thread.ofVirtual().name("status-accept").start(endpoint::acceptLoop);
        return endpoint;
    }

    /**
     * A bare port is the loopback address: what the endpoint tells is for the operator, not for the world. A name
     * that does not resolve fails with stunnel's words.
     */
    static SocketAddress socketAddress(Endpoint address) throws IOException {
        return switch (address) {
            case Endpoint.Unix unix -> UnixDomainSocketAddress.of(unix.path());
            case Endpoint.Tcp tcp when tcp.host() == null ->
                    new InetSocketAddress(InetAddress.getByName("127.0.0.1"), tcp.port()); // a literal: no lookup
            case Endpoint.Tcp tcp -> {
                try {
                    yield new InetSocketAddress(InetAddress.getByName(tcp.host()), tcp.port());
                } catch (UnknownHostException e) {
                    throw new UnknownHostException("Error resolving \"" + tcp.host()
                            + "\": Neither nodename nor servname known (EAI_NONAME)");
                }
            }
        };
    }

    /** The address {@code status = VALUE} means, for messages: {@code 127.0.0.1:9100} for a bare port. */
    public static String text(Endpoint address) {
        return address instanceof Endpoint.Tcp tcp && tcp.host() == null ? "127.0.0.1:" + tcp.port()
                : address.toString();
    }

    /** Where it listens (with the port the kernel chose for port 0). */
    public SocketAddress address() {
        try {
            return listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("status endpoint closed", e);
        }
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            SocketChannel client;
            try {
                client = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.log(Severity.ERR, "Status endpoint: accept: " + SocketErrors.describe(e));
                pause(); // as the tunnel's acceptors: a full descriptor table is not retried in a busy loop
                continue;
            }
            if (!slots.tryAcquire()) {
                log.log(Severity.INFO, "Status endpoint: too many clients, connection closed");
                closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().name("status").start(() -> {
                try {
                    serve(client);
                } catch (RejectedExecutionException e) {
                    // the endpoint was closed under this request: no deadline can be armed, so no answer
                } finally {
                    slots.release();
                    closeQuietly(client);
                }
            });
        }
    }

    private static void pause() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one request within the read deadline, then writes its answer within the write deadline. */
    private void serve(SocketChannel client) {
        String peer = peer(client);
        ScheduledFuture<?> deadline = closeAfter(client, limits.readTime());
        Response response;
        boolean head = false;
        try {
            RequestHead request = RequestHead.read(client, limits.headBytes());
            deadline.cancel(false);
            head = request.method().equals("HEAD");
            response = answer(request);
            log.log(Severity.DEBUG, "Status endpoint: " + request.method() + " " + request.path() + " from " + peer
                    + ": " + response.status());
        } catch (RequestHead.Refused r) {
            deadline.cancel(false);
            response = Response.error(r.status(), r.getMessage());
            log.log(Severity.INFO, "Status endpoint: request from " + peer + " refused: " + r.status() + " "
                    + r.getMessage());
        } catch (IOException e) {
            deadline.cancel(false);
            log.log(Severity.INFO, "Status endpoint: no complete request from " + peer + ": "
                    + (client.isOpen() ? SocketErrors.describe(e) : "closed after " + limits.readTime().toMillis()
                    + " ms"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            deadline.cancel(false);
            log.log(Severity.ERR, "Status endpoint: INTERNAL ERROR: " + e, e);
            response = Response.error(500, "Internal Server Error");
        }
        deadline = closeAfter(client, limits.writeTime());
        try {
            write(client, response, head);
        } catch (IOException e) {
            log.log(Severity.DEBUG, "Status endpoint: answer to " + peer + " not delivered: "
                    + SocketErrors.describe(e));
        } finally {
            deadline.cancel(false);
        }
    }

    /** Closes {@code client} when {@code limit} runs out, which ends any read or write blocked on it. */
    private ScheduledFuture<?> closeAfter(SocketChannel client, Duration limit) {
        return deadlines.schedule(() -> closeQuietly(client), limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Response answer(RequestHead request) throws InterruptedException {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Response.error(405, "Method Not Allowed").withHeader("Allow: GET, HEAD");
        }
        return switch (request.path()) {
            case "/metrics" -> new Response(200, "OK", MetricsText.CONTENT_TYPE, MetricsText.render(
                    metrics.sample(services.get().stream().map(ServiceConfig::name).toList()), reloads,
                    metrics.started()));
            case "/health" -> {
                HealthCheck.Report report = health.run(services.get());
                yield new Response(report.healthy() ? 200 : 503, report.healthy() ? "OK" : "Service Unavailable",
                        HealthReport.CONTENT_TYPE, HealthReport.json(report, reloads));
            }
            case "/" -> new Response(200, "OK", "text/plain; charset=utf-8",
                    "stunnel-java status endpoint: GET /metrics (Prometheus), GET /health (JSON)\n");
            default -> Response.error(404, "Not Found");
        };
    }

    /**
     * Writes the answer, ends our direction, and reads what the client still sends until it closes: closing with
     * unread bytes (a body, a second request) would make the kernel send a reset that can destroy the answer.
     */
    private static void write(SocketChannel client, Response response, boolean headOnly) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(response.bytes(headOnly));
        while (out.hasRemaining()) {
            client.write(out);
        }
        client.shutdownOutput();
        ByteBuffer discard = ByteBuffer.allocate(1024);
        while (client.read(discard) >= 0) {
            discard.clear();
        }
    }

    private static String peer(SocketChannel client) {
        try {
            return Addresses.text(client.getRemoteAddress());
        } catch (IOException e) {
            return "unknown peer";
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }

    /** Stops listening (a unix socket file is removed); a request still in progress may go unanswered. */
    @Override
    public void close() {
        Listener.close(listener);
        deadlines.shutdown();
    }
}
