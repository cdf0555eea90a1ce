package org.stunneljava.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A small HTTP CONNECT proxy for tests of {@code protocol = connect} clients: it reads each request up to its empty
 * line one byte at a time (so nothing of the TLS that follows is consumed), queues it for the test, and does what
 * the test's {@link Answer} says: answer and tunnel to the upstream port (any CONNECT target goes there), answer and
 * close, or close without a word.
 */
public final class ConnectTestProxy implements AutoCloseable {
    private final ServerSocket server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    /** One request as received: its exact bytes and its lines (without CRLF, the empty last line dropped). */
    public record Request(byte[] raw, List<String> lines) {
        /** The {@code user:pass} of a {@code Proxy-Authorization: Basic} header (scheme in any case), if any. */
        public Optional<String> basicCredentials() {
            return lines.stream().filter(l -> l.regionMatches(true, 0, "Proxy-Authorization: ", 0, 21))
                    .map(l -> l.substring(21).split(" ", 2))
                    .filter(p -> p.length == 2 && p[0].toLowerCase(Locale.ROOT).equals("basic"))
                    .map(p -> new String(Base64.getDecoder().decode(p[1]), StandardCharsets.UTF_8)).findFirst();
        }

        public String text() {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    /** What the proxy does with a request. */
    public record Answer(byte[] bytes, boolean tunnel) {
        /** Sends {@code text} and relays both ways to the upstream port. */
        public static Answer tunnel(String text) {
            return new Answer(text.getBytes(StandardCharsets.ISO_8859_1), true);
        }

        /** Sends {@code text} and closes. */
        public static Answer close(String text) {
            return new Answer(text.getBytes(StandardCharsets.ISO_8859_1), false);
        }

        /** Closes without answering. */
        public static final Answer EOF = new Answer(new byte[0], false);
    }

    private ConnectTestProxy(int upstreamPort, Function<Request, Answer> answers) throws IOException {
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("connect-proxy").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s, upstreamPort, answers));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public static ConnectTestProxy start(int upstreamPort, Function<Request, Answer> answers) throws IOException {
        return new ConnectTestProxy(upstreamPort, answers);
    }

    public int port() {
        return server.getLocalPort();
    }

    public BlockingQueue<Request> requests() {
        return requests;
    }

    private void serve(Socket s, int upstreamPort, Function<Request, Answer> answers) {
        try (s) {
            Request request = read(s.getInputStream());
            if (request == null) {
                return;
            }
            requests.add(request);
            Answer answer = answers.apply(request);
            s.getOutputStream().write(answer.bytes());
            s.getOutputStream().flush();
            if (answer.tunnel()) {
                try (Socket up = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                    Thread back = Thread.ofVirtual().start(() -> copy(up, s));
                    copy(s, up);
                    back.join();
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // the client went away; the test asserts on what it saw
        }
    }

    /** Up to and including the empty line; null at EOF before it. */
    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            raw.write(b);
            byte[] sofar = raw.toByteArray();
            int n = sofar.length;
            if (n >= 4 && sofar[n - 4] == '\r' && sofar[n - 3] == '\n' && sofar[n - 2] == '\r' && sofar[n - 1] == '\n') {
                String text = new String(sofar, 0, n - 4, StandardCharsets.UTF_8);
                return new Request(sofar, Arrays.asList(text.split("\r\n", -1)));
            }
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[16384];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side closed: the other copy ends too
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
