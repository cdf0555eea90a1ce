package org.stunneljava.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.stunneljava.log.Severity;
import org.stunneljava.relay.Connection;
import org.stunneljava.relay.Side;

/**
 * Line and exact-length I/O for protocol exchanges, on a plaintext socket or inside TLS, read the way stunnel's
 * {@code fd_getline} reads: one byte at a time, so nothing after the line is consumed (a TLS ClientHello, or the
 * client's first pipelined bytes, stay for whoever reads next). Every carriage return is dropped, a line ends at a
 * line feed or a NUL byte, and one longer than 64 KiB fails. Lines are written with CRLF. Each line sent or received
 * is logged at debug level with stunnel's {@code " -> "} / {@code " <- "} prefixes. Bytes moved here are not counted
 * in the connection's relay totals, as in stunnel.
 */
public final class LineChannel {
    static final int MAX_LINE = 65536;
    private final Connection connection;
    private final Side side;
    private final String readStep;
    private final String writeStep;
    private final String lineStep;
    private final byte[] one = new byte[1];

    private LineChannel(Connection connection, Side side, String readStep, String writeStep, String lineStep) {
        this.connection = connection;
        this.side = side;
        this.readStep = readStep;
        this.writeStep = writeStep;
        this.lineStep = lineStep;
    }

    /** On a plaintext socket: failures read as stunnel's {@code s_read} / {@code fd_getline} lines. */
    public static LineChannel plain(Connection connection, Side side) {
        return new LineChannel(connection, side, "s_read", "s_write", "fd_getline");
    }

    /** Inside TLS: failures read as stunnel's {@code s_ssl_read} / {@code ssl_getline} lines. */
    public static LineChannel tls(Connection connection, Side side) {
        return new LineChannel(connection, side, "s_ssl_read", "s_ssl_write", "ssl_getline");
    }

    public Side side() {
        return side;
    }

    /** The next line, without its terminator. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = readByte();
            if (b == '\n' || b == 0) {
                break;
            }
            if (b == '\r') {
                continue;
            }
            if (line.size() >= MAX_LINE) {
                throw NegotiationFailure.reset(lineStep + ": Line too long");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        connection.log().log(Severity.DEBUG, " <- " + text);
        return text;
    }

    /** Writes {@code text} and CRLF. */
    public void writeLine(String text) throws IOException {
        connection.log().log(Severity.DEBUG, " -> " + text);
        write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    public void write(byte[] bytes) throws IOException {
        connection.protocolStep(writeStep);
        side.write(bytes, 0, bytes.length);
    }

    /** Exactly {@code n} bytes; the peer closing first is stunnel's "Unexpected socket close". */
    public byte[] readExactly(int n) throws IOException {
        byte[] buf = new byte[n];
        int got = 0;
        connection.protocolStep(readStep + "_eof");
        while (got < n) {
            int r = side.read(buf, got, n - got);
            if (r < 0) {
                throw unexpectedClose();
            }
            got += r;
        }
        return buf;
    }

    /** Whether the peer spoke (or closed) within {@code limit}, consuming nothing; plaintext sockets only. */
    public boolean readableWithin(Duration limit) throws IOException {
        connection.protocolStep(readStep + "_eof");
        return side.readableWithin(limit);
    }

    public int readByte() throws IOException {
        int r;
        connection.protocolStep(readStep + "_eof");
        do {
            r = side.read(one, 0, 1);
        } while (r == 0);
        if (r < 0) {
            throw unexpectedClose();
        }
        return one[0] & 0xff;
    }

    private NegotiationFailure unexpectedClose() {
        return NegotiationFailure.reset(readStep + ": Unexpected socket close");
    }

    /** Whether {@code line} starts with {@code prefix}, ignoring case: stunnel's {@code is_prefix}. */
    public static boolean startsWith(String line, String prefix) {
        return line.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
