package org.stunneljava.testkit.lab;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.stunneljava.testkit.Payload;

/**
 * The application host's client, run inside the app namespace. It connects to an address and port with no proxy
 * settings at all (the gateway's redirect is invisible to it), reads the destination's greeting line, sends N bytes
 * of a deterministic pattern, reads the echo back and checks it byte for byte.
 *
 * <p>Two ways to run it. {@code AppClientMain HOST PORT BYTES [TIMEOUT_MS]}: one exchange, its result line, exit 0
 * when it succeeded and 1 when not. {@code AppClientMain} without arguments: prints {@code ready app}, then reads
 * requests {@code ID HOST PORT BYTES TIMEOUT_MS} from stdin, one a line, runs each on its own thread and prints one
 * result line per request, so a test class pays for one JVM start for all its connections. A result line is
 * {@code result ID local LOCAL ok GREETING_NAME GREETING_PEER bytes N ms T} or
 * {@code result ID local LOCAL fail REASON}, LOCAL being the client's own end ({@code -} when it never connected),
 * by which a tap on the way finds the connection.
 */
public final class AppClientMain {
    private static final int DEFAULT_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_GREETING = 512;

    private AppClientMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 3) {
            int timeout = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_TIMEOUT_MILLIS;
            String result = exchange(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), timeout, 0);
            Lines.say("result 0 " + result);
            System.exit(result.contains(" ok ") ? 0 : 1);
        }
        Lines.say("ready app");
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = requests.readLine()) != null; ) {
            String[] f = line.strip().split(" ");
            if (f.length != 5) {
                Lines.say("result ? fail bad request: " + line);
                continue;
            }
            Thread.ofVirtual().start(() -> Lines.say("result " + f[0] + " " + exchange(f[1], Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), Integer.parseInt(f[4]), f[0].hashCode())));
        }
    }

    /** One connection; "local LOCAL ok NAME PEER bytes N ms T" or "local LOCAL fail REASON" (one line). */
    static String exchange(String host, int port, int bytes, int timeoutMillis, long seed) {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress(Lines.address(host), port), timeoutMillis);
            } catch (IOException e) {
                return "local - fail " + describe(e, timeoutMillis);
            }
            String local = "local " + Lines.text((InetSocketAddress) s.getLocalSocketAddress()) + " ";
            try {
                return local + talk(s, Payload.bytes(seed, bytes), timeoutMillis, start);
            } catch (IOException e) {
                return local + "fail " + describe(e, timeoutMillis);
            }
        } catch (IOException e) {
            return "local - fail closing: " + e;
        }
    }

    private static String talk(Socket s, byte[] sent, int timeoutMillis, long start) throws IOException {
        s.setSoTimeout(timeoutMillis);
        s.setTcpNoDelay(true);
        // written on its own thread: a large payload would otherwise fill both directions' buffers
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                s.getOutputStream().write(sent);
                s.shutdownOutput();
            } catch (IOException ignored) {
                // the reader reports what the peer did
            }
        });
        InputStream in = s.getInputStream();
        String greeting = greeting(in);
        if (greeting == null) {
            return "fail no greeting (end of stream)";
        }
        byte[] echo = in.readNBytes(sent.length);
        if (echo.length < sent.length) {
            return "fail echo ended after " + echo.length + " of " + sent.length + " bytes; greeting " + greeting;
        }
        int differs = Arrays.mismatch(sent, echo);
        if (differs >= 0) {
            return "fail echo differs at byte " + differs + "; greeting " + greeting;
        }
        if (in.read() >= 0) {
            return "fail more bytes than were sent; greeting " + greeting;
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "fail interrupted";
        }
        return "ok " + greeting + " bytes " + sent.length + " ms " + (System.nanoTime() - start) / 1_000_000;
    }

    private static String describe(IOException e, int timeoutMillis) {
        return e instanceof SocketTimeoutException ? "timeout after " + timeoutMillis + " ms: " + e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The greeting line without its newline, or null when the stream ended first. */
    private static String greeting(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                return null;
            }
            if (line.size() == MAX_GREETING) {
                throw new IOException("greeting longer than " + MAX_GREETING + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
