package org.stunneljava.status;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The request line and header block of one HTTP/1.x request (RFC 9112 sections 2-5), read strictly and within a
 * size limit; the endpoint reads nothing else (no body: GET and HEAD have none, and every answer closes the
 * connection). What is not such a request becomes a {@link Refused} answer.
 *
 * @param method the request method, case-sensitive as HTTP's
 * @param path   the path of the target, without its query
 */
record RequestHead(String method, String path) {

    /** Why a request is answered with an error instead: the status code and its reason phrase. */
    static final class Refused extends Exception {
        private final int status;

        Refused(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /**
     * Reads up to the empty line that ends the header block.
     *
     * @param limit the most bytes the request line and headers may take
     * @throws Refused     400 when it is not HTTP/1.x, 431 when the head is larger than {@code limit}
     * @throws IOException when the peer went away (or the deadline closed the channel) before the head ended
     */
    static RequestHead read(ReadableByteChannel channel, int limit) throws IOException, Refused {
        ByteBuffer buffer = ByteBuffer.allocate(limit);
        int end = -1;
        while (end < 0) {
            if (!buffer.hasRemaining()) {
                throw new Refused(431, "Request Header Fields Too Large");
            }
            int from = buffer.position();
            if (channel.read(buffer) < 0) {
                throw new EOFException("end of stream in the request head");
            }
            end = endOfHead(buffer.array(), Math.max(1, from), buffer.position());
        }
        return parse(new String(buffer.array(), 0, end, StandardCharsets.ISO_8859_1));
    }

    /** The length of the head up to its final empty line, or -1 while it has not ended; scans the new bytes. */
    private static int endOfHead(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n' && (b[i - 1] == '\n' || (b[i - 1] == '\r' && i > 1 && b[i - 2] == '\n'))) {
                return i + 1;
            }
        }
        return -1;
    }

    static RequestHead parse(String head) throws Refused {
        String[] lines = head.split("\r?\n");
        String[] request = lines[0].split(" ", -1);
        if (request.length != 3 || !isToken(request[0]) || !request[2].matches("HTTP/1\\.[01]")) {
            throw new Refused(400, "Bad Request");
        }
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0 || !isToken(lines[i].substring(0, colon)) || !visible(lines[i])) {
                throw new Refused(400, "Bad Request");
            }
        }
        return new RequestHead(request[0], path(request[1]));
    }

    /** origin-form {@code /path?query}, or absolute-form {@code http://host/path} (RFC 9112 section 3.2). */
    private static String path(String target) throws Refused {
        String t = target;
        if (t.startsWith("http://") || t.startsWith("https://")) {
            int slash = t.indexOf('/', t.indexOf("//") + 2);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        if (!t.startsWith("/") || !visible(t)) {
            throw new Refused(400, "Bad Request");
        }
        int query = t.indexOf('?');
        return query < 0 ? t : t.substring(0, query);
    }

    /** RFC 9110 token characters. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Printable ASCII, spaces and tabs: no control bytes, nothing binary. */
    private static boolean visible(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
