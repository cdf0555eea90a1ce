package org.stunneljava.testkit.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stunneljava.testkit.ManagedProcess;

/**
 * A {@link TapMain} running in one of the lab's namespaces: a TCP forwarder that reports, per connection, the
 * original destination the kernel kept for it (SO_ORIGINAL_DST) and the first bytes each side sent. Connections are
 * numbered from 1 in accept order. The test closes it (before the lab).
 */
public final class Tap implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ManagedProcess process;
    private int port;

    private Tap(ManagedProcess process) {
        this.process = process;
    }

    /** Forwards to {@code target} and captures the first {@code capture} bytes of each side. */
    public static Tap forwarding(String namespace, String bind, int port, InetSocketAddress target, int capture)
            throws IOException {
        return start(namespace, bind, port, Lines.text(target), capture);
    }

    /** Forwards each connection to its own original destination (a transparent proxy, to prove a redirect). */
    public static Tap toOriginalDestination(String namespace, String bind, int port, int capture) throws IOException {
        return start(namespace, bind, port, "origdst", capture);
    }

    /** Answers each connection itself: greeting {@code tap PEER}, then an echo. */
    public static Tap echoing(String namespace, String bind, int port) throws IOException {
        return start(namespace, bind, port, "echo", 0);
    }

    private static Tap start(String namespace, String bind, int port, String target, int capture) throws IOException {
        return new Tap(InNamespace.testMain(namespace, "tap", TapMain.class, bind, Integer.toString(port), target,
                Integer.toString(capture)));
    }

    /** The listening port, once it listens. */
    public synchronized int port() throws InterruptedException {
        if (port == 0) {
            port = Integer.parseInt(process.await("^ready tap port (\\d+)$", WAIT).group(1));
        }
        return port;
    }

    /**
     * What the tap saw of connection {@code n} as it accepted it; {@code originalDestination} is empty when the
     * kernel had none (ENOENT), and {@code originalDestinationText} is the raw report ({@code none}, an address, or
     * {@code error ...}).
     */
    public record Accepted(int n, InetSocketAddress peer, InetSocketAddress local,
                           Optional<InetSocketAddress> originalDestination, String originalDestinationText) {
    }

    /** Connection number n, once accepted. */
    public Accepted accepted(int n) throws InterruptedException {
        return parse(process.await("^conn (" + n + ") from (\\S+) to (\\S+) origdst (.*)$", WAIT));
    }

    /** The connection whose client end was {@code peer} (e.g. {@link AppClient.Exchange#local}), once accepted. */
    public Accepted acceptedFrom(InetSocketAddress peer) throws InterruptedException {
        return parse(process.await("^conn (\\d+) from (" + Pattern.quote(Lines.text(peer))
                + ") to (\\S+) origdst (.*)$", WAIT));
    }

    private static Accepted parse(Matcher m) {
        String orig = m.group(4);
        Optional<InetSocketAddress> parsed = orig.equals("none") || orig.startsWith("error")
                ? Optional.empty() : Optional.of(Lines.socketAddress(orig));
        return new Accepted(Integer.parseInt(m.group(1)), Lines.socketAddress(m.group(2)),
                Lines.socketAddress(m.group(3)), parsed, orig);
    }

    /** The first bytes the client of connection n sent (as many as asked for, fewer if it sent fewer). */
    public byte[] clientBytes(int n) throws InterruptedException {
        return captured(n, "client");
    }

    /** The first bytes the far side of connection n answered. */
    public byte[] serverBytes(int n) throws InterruptedException {
        return captured(n, "server");
    }

    private byte[] captured(int n, String side) throws InterruptedException {
        return HexFormat.of().parseHex(process.await("^conn " + n + " " + side + " ([0-9a-f]*)$", WAIT).group(1));
    }

    /** Waits until connection n is over; returns the bytes the client and the far side sent, in that order. */
    public long[] closed(int n) throws InterruptedException {
        Matcher m = process.await("^conn " + n + " (closed client-bytes (\\d+) server-bytes (\\d+)|failed .*)$", WAIT);
        if (m.group(2) == null) {
            throw new AssertionError("tap connection " + n + " " + m.group(1) + "; output:\n" + process.output());
        }
        return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
