package org.stunneljava.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One end of a scripted plaintext (then perhaps TLS) dialogue, for testing protocol negotiations byte for byte. It
 * records what it <em>receives</em>: each line as its text when it ended with CRLF (so {@code "EHLO localhost"}
 * stands for exactly {@code EHLO localhost\r\n}), with {@code <LF>} appended when it ended with a bare line feed;
 * binary reads as hex; and how the stream ended: {@code <EOF>}, {@code <RST>} or {@code <TIMEOUT>}. A read that
 * meets the end records it and throws {@link Ended}, which ends the script. Used by one thread; closes its socket.
 */
public final class LinePeer implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 20_000;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final List<String> received = new ArrayList<>();

    private LinePeer(Socket socket) throws IOException {
        use(socket);
    }

    /** A script stopped because the peer's stream ended (already recorded). */
    public static final class Ended extends IOException {
        Ended(String how) {
            super(how);
        }
    }

    /** What a scripted end does, step by step. */
    @FunctionalInterface
    public interface Script {
        void run(LinePeer peer) throws IOException;
    }

    public static LinePeer over(Socket socket) throws IOException {
        return new LinePeer(socket);
    }

    public static LinePeer connect(int port) throws IOException {
        return new LinePeer(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** Runs {@code script}; a stream that ended early ends it quietly (the transcript says so). */
    public List<String> play(Script script) throws IOException {
        try {
            script.run(this);
        } catch (Ended e) {
            // recorded
        }
        return received();
    }

    private void use(Socket s) throws IOException {
        s.setSoTimeout(READ_TIMEOUT_MS);
        s.setTcpNoDelay(true);
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    public synchronized List<String> received() {
        return List.copyOf(received);
    }

    private synchronized void record(String entry) {
        received.add(entry);
    }

    /** Sends each line with CRLF, in one write. */
    public LinePeer send(String... lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            b.append(line).append("\r\n");
        }
        return sendRaw(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    public LinePeer sendRaw(byte[] bytes) throws IOException {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            record("<send failed: " + e.getMessage() + ">");
            throw new Ended("send failed");
        }
        return this;
    }

    public LinePeer sendHex(String hex) throws IOException {
        return sendRaw(HexFormat.of().parseHex(hex));
    }

    /** Reads one line. */
    public LinePeer line() throws IOException {
        readLine();
        return this;
    }

    /** Reads one line; returns it as recorded. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = readByte(line);
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                boolean crlf = bytes.length > 0 && bytes[bytes.length - 1] == '\r';
                String text = new String(bytes, 0, crlf ? bytes.length - 1 : bytes.length,
                        StandardCharsets.ISO_8859_1);
                String entry = crlf ? text : text + "<LF>";
                record(entry);
                return entry;
            }
            line.write(b);
        }
    }

    /** Reads {@code n} lines. */
    public LinePeer lines(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            readLine();
        }
        return this;
    }

    /** Reads exactly {@code n} bytes, recorded as lower-case hex. */
    public byte[] bytes(int n) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < n) {
            got.write(readByte(got));
        }
        record(HexFormat.of().formatHex(got.toByteArray()));
        return got.toByteArray();
    }

    /** Reads until the stream ends, recording the lines (a last unterminated piece as {@code text<partial>}). */
    public void rest() throws IOException {
        while (true) {
            readLine();
        }
    }

    /** Half-closes (a TLS stream sends close_notify first), then reads the rest. */
    public void finish() throws IOException {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            record("<shutdown failed: " + e.getMessage() + ">");
            throw new Ended("shutdown failed");
        }
        rest();
    }

    /** TLS as the server, over the same connection; records {@code <TLS SNI name>} or {@code <TLS no SNI>}. */
    public LinePeer tlsServer(SSLContext context) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        tls.setUseClientMode(false);
        handshake(tls);
        List<String> names = ((ExtendedSSLSession) tls.getSession()).getRequestedServerNames().stream()
                .map(n -> n instanceof SNIHostName h ? h.getAsciiName() : n.toString()).toList();
        record(names.isEmpty() ? "<TLS no SNI>" : "<TLS SNI " + String.join(",", names) + ">");
        return this;
    }

    /** TLS as the client (asking for {@code localhost}), over the same connection; records {@code <TLS>}. */
    public LinePeer tlsClient(SSLContext context) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", socket.getPort(),
                true);
        handshake(tls);
        record("<TLS>");
        return this;
    }

    private void handshake(SSLSocket tls) throws IOException {
        try {
            tls.startHandshake();
        } catch (IOException e) {
            record("<TLS failed: " + e.getMessage() + ">");
            throw new Ended("handshake failed");
        }
        use(tls);
    }

    private int readByte(ByteArrayOutputStream partial) throws IOException {
        String end;
        try {
            int b = in.read();
            if (b >= 0) {
                return b;
            }
            end = "<EOF>";
        } catch (SocketTimeoutException e) {
            end = "<TIMEOUT>";
        } catch (IOException e) { // a reset arrives as a SocketException, or inside TLS as an SSLException
            end = String.valueOf(e.getMessage()).contains("reset") ? "<RST>"
                    : "<" + e.getClass().getSimpleName() + ": " + e.getMessage() + ">";
        }
        if (partial.size() > 0) {
            record(partial.toString(StandardCharsets.ISO_8859_1) + "<partial>");
        }
        record(end);
        throw new Ended(end);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
