package org.stunneljava.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test data that is checked by SHA-256 digest rather than kept: seeded pseudo-random bytes written in a stream,
 * so a transfer of any size costs no memory and a lost, duplicated or reordered byte changes the digest.
 */
public final class Payload {
    private static final int CHUNK = 16 * 1024;

    private Payload() {
    }

    public static byte[] bytes(long seed, int length) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The digest of {@code length} bytes from {@code seed}, as {@link #write} sends them. */
    public static String digestOf(long seed, long length) {
        MessageDigest d = sha256();
        Random r = new Random(seed);
        byte[] buf = new byte[CHUNK];
        for (long left = length; left > 0; ) {
            int n = (int) Math.min(buf.length, left);
            r.nextBytes(buf);
            d.update(buf, 0, n);
            left -= n;
        }
        return HexFormat.of().formatHex(d.digest());
    }

    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    /**
     * Writes {@code length} bytes from {@code seed}; {@code written} (may be null) counts what the stream accepted,
     * so a test can see a writer stalled by backpressure.
     */
    public static void write(OutputStream out, long seed, long length, AtomicLong written) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[CHUNK];
        for (long left = length; left > 0; ) {
            int n = (int) Math.min(buf.length, left);
            r.nextBytes(buf);
            out.write(buf, 0, n);
            left -= n;
            if (written != null) {
                written.addAndGet(n);
            }
        }
        out.flush();
    }

    /** Reads exactly {@code length} bytes and returns their digest; an early end of stream fails. */
    public static String read(InputStream in, long length) throws IOException {
        MessageDigest d = sha256();
        byte[] buf = new byte[CHUNK];
        for (long left = length; left > 0; ) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("end of stream with " + left + " of " + length + " bytes still expected");
            }
            d.update(buf, 0, n);
            left -= n;
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
