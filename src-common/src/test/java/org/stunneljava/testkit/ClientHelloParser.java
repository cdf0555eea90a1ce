package org.stunneljava.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the extensions of a ClientHello from the bytes a TLS client sent first (as a tap captured them): TLS
 * records of type handshake (RFC 8446 section 5.1), whose fragments are joined until the first handshake message
 * is whole, which must be a ClientHello (section 4.1.2). Bytes after it are ignored. Anything else, or too few bytes,
 * is an {@link IllegalArgumentException} saying where it went wrong. Stateless.
 */
public final class ClientHelloParser {
    private static final int CONTENT_HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int RECORD_HEADER = 5;
    private static final int RANDOM = 32;

    private ClientHelloParser() {
    }

    /** Extension type to its data, in the order the client sent them; a type sent twice is refused. */
    public static Map<Integer, byte[]> extensions(byte[] captured) {
        ByteBuffer hello = ByteBuffer.wrap(firstHandshakeMessage(captured));
        try {
            int type = hello.get() & 0xff;
            if (type != CLIENT_HELLO) {
                throw new IllegalArgumentException("first handshake message is type " + type + ", not a ClientHello");
            }
            skip(hello, 3 + 2 + RANDOM, "length, version and random"); // the u24 length was checked already
            skip(hello, hello.get() & 0xff, "session id");
            skip(hello, hello.getShort() & 0xffff, "cipher suites");
            skip(hello, hello.get() & 0xff, "compression methods");
            if (!hello.hasRemaining()) {
                return Map.of(); // a ClientHello may end without extensions (TLS 1.2 and older)
            }
            ByteBuffer all = slice(hello, hello.getShort() & 0xffff, "extensions");
            Map<Integer, byte[]> extensions = new LinkedHashMap<>();
            while (all.hasRemaining()) {
                int extType = all.getShort() & 0xffff;
                ByteBuffer data = slice(all, all.getShort() & 0xffff, "extension " + extType);
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                if (extensions.put(extType, bytes) != null) {
                    throw new IllegalArgumentException("extension " + extType + " sent twice");
                }
            }
            return Collections.unmodifiableMap(extensions);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("ClientHello ends inside a field", e);
        }
    }

    /** Joins handshake records' fragments until the first message (4-byte header + u24 length) is complete. */
    private static byte[] firstHandshakeMessage(byte[] captured) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int at = 0;
        while (message.size() < 4 || message.size() < 4 + length24(message.toByteArray())) {
            if (captured.length - at < RECORD_HEADER) {
                throw new IllegalArgumentException("the capture ends after " + captured.length
                        + " bytes, inside " + (at == captured.length ? "the ClientHello" : "a record header"));
            }
            int contentType = captured[at] & 0xff;
            if (contentType != CONTENT_HANDSHAKE) {
                throw new IllegalArgumentException("record at byte " + at + " is content type " + contentType
                        + ", not handshake (22)");
            }
            int length = ((captured[at + 3] & 0xff) << 8) | (captured[at + 4] & 0xff);
            int start = at + RECORD_HEADER;
            if (captured.length - start < length) {
                throw new IllegalArgumentException("record at byte " + at + " says " + length + " bytes but only "
                        + (captured.length - start) + " were captured");
            }
            message.write(captured, start, length);
            at = start + length;
        }
        byte[] joined = message.toByteArray();
        return Arrays.copyOf(joined, 4 + length24(joined));
    }

    private static int length24(byte[] header) {
        return ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
    }

    private static void skip(ByteBuffer b, int length, String field) {
        slice(b, length, field);
    }

    private static ByteBuffer slice(ByteBuffer b, int length, String field) {
        if (b.remaining() < length) {
            throw new IllegalArgumentException(field + " says " + length + " bytes but only " + b.remaining()
                    + " remain");
        }
        ByteBuffer part = b.slice(b.position(), length);
        b.position(b.position() + length);
        return part;
    }
}
