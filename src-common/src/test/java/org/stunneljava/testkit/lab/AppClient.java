package org.stunneljava.testkit.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stunneljava.testkit.ManagedProcess;

/**
 * The application host: one {@link AppClientMain} JVM in the app namespace, kept for the whole test class, which
 * makes each {@link #exchange} as a plain TCP client with no proxy settings. The test closes it (before the lab).
 */
public final class AppClient implements AutoCloseable {
    private static final Pattern OK = Pattern.compile("^local (\\S+) ok (\\S+) (\\S+) bytes \\d+ ms (\\d+)$");
    private static final Pattern FAIL = Pattern.compile("^local (\\S+) fail (.*)$");
    private final ManagedProcess process;
    private final AtomicInteger ids = new AtomicInteger();

    private AppClient(ManagedProcess process) {
        this.process = process;
    }

    public static AppClient start(GatewayLab lab) throws IOException {
        return start(lab.namespace(GatewayLab.Host.APP));
    }

    public static AppClient start(String namespace) throws IOException {
        return new AppClient(InNamespace.testMain(namespace, "app", AppClientMain.class));
    }

    /**
     * What one connection saw. {@code ok}: the greeting came, the echo of every byte came back identical and the
     * peer then ended the stream; {@code greeter} and {@code peerSeen} are the greeting's two words (who answered,
     * and which address it saw the connection come from). Otherwise {@code failure} says what went wrong.
     * {@code local} is the app's own end of the connection (null when it never connected).
     */
    public record Exchange(boolean ok, InetSocketAddress local, String greeter, InetSocketAddress peerSeen,
                           String failure, long millis) {
        public InetAddress peerAddress() {
            return peerSeen == null ? null : peerSeen.getAddress();
        }
    }

    /** Connects to {@code address:port}, sends {@code bytes} bytes and checks their echo (10-second timeouts). */
    public Exchange exchange(InetAddress address, int port, int bytes) throws IOException, InterruptedException {
        return exchange(address, port, bytes, Duration.ofSeconds(10));
    }

    public Exchange exchange(InetAddress address, int port, int bytes, Duration timeout)
            throws IOException, InterruptedException {
        int id = ids.incrementAndGet();
        String request = id + " " + Lines.text(address) + " " + port + " " + bytes + " " + timeout.toMillis() + "\n";
        OutputStream stdin = process.stdin();
        synchronized (stdin) {
            stdin.write(request.getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        }
        String result = process.await("^result " + id + " (.*)$", timeout.multipliedBy(2).plusSeconds(30)).group(1);
        Matcher m = OK.matcher(result);
        if (m.matches()) {
            return new Exchange(true, Lines.socketAddress(m.group(1)), m.group(2), Lines.socketAddress(m.group(3)),
                    null, Long.parseLong(m.group(4)));
        }
        Matcher f = FAIL.matcher(result);
        if (!f.matches()) {
            throw new AssertionError("app: unexpected result line: " + result);
        }
        return new Exchange(false, f.group(1).equals("-") ? null : Lines.socketAddress(f.group(1)), null, null,
                f.group(2), -1);
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
