package org.stunneljava.tls.ocsp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.stunneljava.config.Timeouts;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Addresses;
import org.stunneljava.net.SocketErrors;
import org.stunneljava.tls.LogLine;

/**
 * One exchange with a responder as stunnel makes it (ocsp.c {@code ocsp_get_response} over OpenSSL 3.0's HTTP
 * client): a fresh TCP connection limited by {@code TIMEOUTocsp}, an HTTP/1.0 POST of the DER request with
 * {@code Host} and {@code User-Agent: stunnel}, the whole answer limited by {@code TIMEOUTbusy}, and a
 * response of at most 100 KiB (OpenSSL's default). Plain HTTP only, like stunnel. Stateless; blocks the calling
 * (virtual) thread; the socket is closed before returning.
 */
final class ResponderClient {
    /** OpenSSL's OSSL_HTTP_DEFAULT_MAX_RESP_LEN. */
    private static final int MAX_RESPONSE = 100 * 1024;
    private static final int MAX_HEADER_LINE = 4096;

    private ResponderClient() {
    }

    /** Posts {@code request}; returns the parsed response, or null after logging why there is none. */
    static OCSPResp post(ResponderUrl url, byte[] request, Duration connectTimeout, Duration busyTimeout,
                         List<LogLine> log) {
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getAllByName(url.host())[0], url.port());
        } catch (UnknownHostException e) {
            log.add(new LogLine(Severity.ERR, "Error resolving \"" + url.host()
                    + "\": Neither nodename nor servname known (EAI_NONAME)"));
            log.add(new LogLine(Severity.ERR, "OCSP: Failed to resolve the OCSP responder address"));
            return null;
        }
        try (Socket socket = connect(address, connectTimeout, log)) {
            if (socket == null) {
                return null;
            }
            log.add(new LogLine(Severity.DEBUG, "OCSP: Connected " + url.host() + ":" + url.port()));
            socket.setSoTimeout(millis(busyTimeout));
            send(socket.getOutputStream(), url, request);
            return receive(new BufferedInputStream(new DeadlineInput(socket, busyTimeout)), log);
        } catch (SocketTimeoutException e) {
            log.add(new LogLine(Severity.INFO, "OCSP: s_poll_wait: TIMEOUTbusy exceeded"));
        } catch (IOException e) {
            log.add(new LogLine(Severity.ERR, "OCSP: OCSP_sendreq_nbio: " + SocketErrors.describe(e)));
        }
        return null;
    }

    /** stunnel's s_connect lines; null when the connection failed. */
    private static Socket connect(InetSocketAddress address, Duration timeout, List<LogLine> log) {
        String text = Addresses.text(address);
        log.add(new LogLine(Severity.INFO, "s_connect: connecting " + text));
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, connectMillis(timeout));
            log.add(new LogLine(Severity.NOTICE, "s_connect: connected " + text));
            return socket;
        } catch (SocketTimeoutException e) {
            log.add(new LogLine(Severity.ERR, "s_connect: s_poll_wait " + text + ": TIMEOUTconnect exceeded"));
        } catch (IOException e) {
            log.add(new LogLine(Severity.ERR, "s_connect: connect " + text + ": " + SocketErrors.describe(e)));
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing was sent
        }
        return null;
    }

    private static void send(OutputStream out, ResponderUrl url, byte[] request) throws IOException {
        String head = "POST " + url.path() + " HTTP/1.0\r\n"
                + "Host: " + url.hostHeader() + "\r\n"
                + "User-Agent: stunnel\r\n"
                + "Content-Type: application/ocsp-request\r\n"
                + "Content-Length: " + request.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(request);
        out.flush();
    }

    private static OCSPResp receive(InputStream in, List<LogLine> log) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            return failed(log, "header parse error");
        }
        int contentLength = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    contentLength = Integer.parseInt(header.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return failed(log, "error parsing content length");
                }
            }
        }
        if (!parts[1].equals("200")) {
            return failed(log, "received error (code=" + parts[1] + ",reason="
                    + (parts.length > 2 ? parts[2] : "") + ")");
        }
        if (contentLength > MAX_RESPONSE) {
            return failed(log, "max resp len exceeded");
        }
        byte[] body = contentLength >= 0 ? in.readNBytes(contentLength) : in.readNBytes(MAX_RESPONSE + 1);
        if (body.length > MAX_RESPONSE) {
            return failed(log, "max resp len exceeded");
        }
        try {
            OCSPResp response = new OCSPResp(body);
            log.add(new LogLine(Severity.DEBUG, "OCSP: Response received"));
            return response;
        } catch (IOException | RuntimeException e) {
            return failed(log, "error decoding response");
        }
    }

    private static OCSPResp failed(List<LogLine> log, String reason) {
        log.add(new LogLine(Severity.ERR, "OCSP: OCSP_sendreq_nbio: " + reason));
        return null;
    }

    /** One CRLF- (or LF-) terminated header line in ASCII; EOF first is an error. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("unexpected eof while reading");
            }
            if (b.length() >= MAX_HEADER_LINE) {
                throw new IOException("response line too long");
            }
            b.append((char) c);
        }
        int end = b.length();
        return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
    }

    /**
     * The answer's bytes with one deadline for the whole answer: {@code TIMEOUTbusy} from the first read. stunnel
     * limits each wait; a whole-answer limit keeps a responder that trickles bytes from holding a handshake for
     * many times that (the buffer in front keeps reads few).
     */
    private static final class DeadlineInput extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;
        private final boolean limited;

        DeadlineInput(Socket socket, Duration limit) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.limited = limit.compareTo(Timeouts.NO_LIMIT) < 0;
            this.deadline = System.nanoTime() + (limited ? limit.toNanos() : 0);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (limited) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("TIMEOUTbusy exceeded");
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
            }
            return in.read(b, off, len);
        }
    }

    /** 0 s: stunnel's poll returns at once, so only an immediate connect succeeds; 1 ms is the nearest. */
    private static int connectMillis(Duration d) {
        int ms = millis(d);
        return ms == 0 && !d.equals(Timeouts.NO_LIMIT) ? 1 : ms;
    }

    /** Socket timeouts: 0 waits forever, which is what a negative stunnel timeout means. */
    private static int millis(Duration d) {
        return d.compareTo(Timeouts.NO_LIMIT) >= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
