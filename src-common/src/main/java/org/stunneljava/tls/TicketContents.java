package org.stunneljava.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a session ticket carries once opened: the TLS 1.2 session (version, suite, extended master secret flag,
 * master secret, ServerHello extensions, PSK identity, the client's certificate chain) plus our own session state
 * (the {@code redirect} decision, the handle of the session in the issuing server's cache) and the time it was
 * issued. {@link #encode} and {@link #decode} are each other's inverse; decode refuses anything else, though a
 * ticket only reaches it after its AEAD tag was verified. Byte arrays are not copied: instances are short-lived and
 * never shared.
 *
 * <pre>
 * u8 format(1) | u64 issued (epoch s) | u16 version | u16 suite | u8 flags (1: EMS, 2: redirected)
 * u8 len + master secret | u8 len + handle | u16 len + PSK identity
 * u16 count, then per extension: u16 type, u16 len + data | u8 count, then per certificate: u24 len + DER
 * </pre>
 */
record TicketContents(Instant issued, int version, int cipherSuite, boolean extendedMasterSecret, boolean redirected,
                      byte[] masterSecret, byte[] handle, byte[] pskIdentity, Map<Integer, byte[]> serverExtensions,
                      List<byte[]> peerChain) {
    private static final int FORMAT = 1;

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeLong(issued.getEpochSecond());
            out.writeShort(version);
            out.writeShort(cipherSuite);
            out.writeByte((extendedMasterSecret ? 1 : 0) | (redirected ? 2 : 0));
            writeU8(out, masterSecret);
            writeU8(out, handle);
            writeU16(out, pskIdentity);
            out.writeShort(serverExtensions.size());
            for (Map.Entry<Integer, byte[]> e : serverExtensions.entrySet()) {
                out.writeShort(e.getKey());
                writeU16(out, e.getValue());
            }
            out.writeByte(peerChain.size());
            for (byte[] der : peerChain) {
                out.writeByte(der.length >>> 16);
                out.writeShort(der.length & 0xffff);
                out.write(der);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not an encoding of this format */
    static TicketContents decode(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        try {
            if ((in.get() & 0xff) != FORMAT) {
                throw new IllegalArgumentException("unknown ticket format");
            }
            Instant issued = Instant.ofEpochSecond(in.getLong());
            int version = in.getShort() & 0xffff;
            int suite = in.getShort() & 0xffff;
            int flags = in.get() & 0xff;
            byte[] secret = read(in, in.get() & 0xff);
            byte[] handle = read(in, in.get() & 0xff);
            byte[] psk = read(in, in.getShort() & 0xffff);
            Map<Integer, byte[]> extensions = new LinkedHashMap<>();
            for (int n = in.getShort() & 0xffff; n > 0; n--) {
                int type = in.getShort() & 0xffff;
                extensions.put(type, read(in, in.getShort() & 0xffff));
            }
            List<byte[]> chain = new ArrayList<>();
            for (int n = in.get() & 0xff; n > 0; n--) {
                int length = (in.get() & 0xff) << 16 | (in.getShort() & 0xffff);
                chain.add(read(in, length));
            }
            if (in.hasRemaining() || (flags & ~3) != 0) {
                throw new IllegalArgumentException("malformed ticket contents");
            }
            return new TicketContents(issued, version, suite, (flags & 1) != 0, (flags & 2) != 0, secret, handle,
                    psk, extensions, chain);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated ticket contents", e);
        }
    }

    private static byte[] read(ByteBuffer in, int length) {
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }

    private static void writeU8(DataOutputStream out, byte[] b) throws IOException {
        out.writeByte(b.length);
        out.write(b);
    }

    private static void writeU16(DataOutputStream out, byte[] b) throws IOException {
        out.writeShort(b.length);
        out.write(b);
    }
}
