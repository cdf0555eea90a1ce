package org.stunneljava.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.stunneljava.log.Log;
import org.stunneljava.net.Acceptor;
import org.stunneljava.net.Admission;
import org.stunneljava.net.Listener;
import org.stunneljava.relay.AcceptedHandler;
import org.stunneljava.relay.ConnectionEvents;

/**
 * One service running in the test's JVM: a listener on 127.0.0.1 port 0, the real {@link Acceptor}, and the
 * handler the test built, with a {@link RecordingLog} per connection so a test can wait for a connection's lines.
 * {@link #close} closes the listener (connections still open end with their peers).
 */
public final class InProcessService implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final List<RecordingLog> logs = new CopyOnWriteArrayList<>();
    private final RecordingLog acceptorLog = new RecordingLog();

    private InProcessService(Function<Supplier<Log>, AcceptedHandler> handler, Admission admission)
            throws IOException {
        this(handler, admission, ConnectionEvents.NONE);
    }

    private InProcessService(Function<Supplier<Log>, AcceptedHandler> handler, Admission admission,
                             ConnectionEvents events) throws IOException {
        this.listener = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Supplier<Log> perConnection = () -> {
            RecordingLog log = new RecordingLog();
            logs.add(log);
            return log;
        };
        Acceptor.Route route = new Acceptor.Route(handler.apply(perConnection), admission);
        Thread.ofPlatform().daemon(true).name("test-acceptor")
                .start(new Acceptor(listener, () -> route, acceptorLog, events));
    }

    /** @param handler builds the service's handler from a supplier of per-connection logs */
    public static InProcessService start(Function<Supplier<Log>, AcceptedHandler> handler) throws IOException {
        return new InProcessService(handler, Admission.unlimited());
    }

    /** As {@link #start(Function)}, with connection limits. */
    public static InProcessService start(Function<Supplier<Log>, AcceptedHandler> handler, Admission admission)
            throws IOException {
        return new InProcessService(handler, admission);
    }

    /** As {@link #start(Function)}, telling {@code events} of every connection, as the programs' acceptors do. */
    public static InProcessService start(Function<Supplier<Log>, AcceptedHandler> handler, ConnectionEvents events)
            throws IOException {
        return new InProcessService(handler, Admission.unlimited(), events);
    }

    /** The lines of the acceptor ({@code [ui]} in the programs): admission and refusals. */
    public List<String> acceptorLines() {
        return acceptorLog.lines();
    }

    public int port() {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The logs of the connections accepted so far, in the order their handlers started. */
    public List<RecordingLog> connectionLogs() {
        return List.copyOf(logs);
    }

    /** Every line of every connection so far. */
    public List<String> lines() {
        return logs.stream().flatMap(l -> l.lines().stream()).toList();
    }

    /** Waits until some connection logged a line containing {@code fragment}; returns that line. */
    public String awaitLine(String fragment, Duration timeout) throws InterruptedException {
        Poll.until(() -> lines().stream().anyMatch(l -> l.contains(fragment)), timeout,
                () -> "a line containing \"" + fragment + "\"; lines:\n" + String.join("\n", lines()));
        return lines().stream().filter(l -> l.contains(fragment)).findFirst().orElseThrow();
    }

    /** Waits until {@code count} connections have written their close line. */
    public void awaitClosed(int count, Duration timeout) throws InterruptedException {
        Poll.until(() -> closeLines().size() >= count, timeout,
                () -> count + " close lines; lines:\n" + String.join("\n", lines()));
    }

    /** The {@code Connection closed|reset...} lines written so far. */
    public List<String> closeLines() {
        return lines().stream().filter(l -> l.matches("LOG5\\[[^]]*\\]: Connection (closed|reset)\\S*: .*")).toList();
    }

    @Override
    public void close() {
        Listener.close(listener);
    }
}
