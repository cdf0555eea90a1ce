package org.stunneljava.origdst;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The wire format of the original-destination ClientHello extension (DESIGN.md section 4):
 * {@code u8 version=1 | u8 family (4|6) | address (4|16 bytes) | u16 port}, big-endian, nothing after it. Both
 * modes use it: the client encodes what SO_ORIGINAL_DST said, the server decodes what the client sent. Anything
 * else is malformed, which the server answers with a fatal {@code decode_error}. Stateless.
 */
public final class DestinationExtension {
    /** The default extension type, from IANA's private-use range (0xFF5B). */
    public static final int DEFAULT_TYPE = 65371;
    static final int VERSION = 1;
    static final int FAMILY_V4 = 4;
    static final int FAMILY_V6 = 6;

    private DestinationExtension() {
    }

    /** A payload that is not version 1 of the format. */
    public static final class MalformedException extends Exception {
        MalformedException(String reason) {
            super(reason);
        }
    }

    /** The payload for a destination (an IPv4-mapped IPv6 address is sent as the IPv4 address it is). */
    public static byte[] encode(InetSocketAddress destination) {
        InetAddress address = destination.getAddress();
        if (address == null) {
            throw new IllegalArgumentException("unresolved destination " + destination);
        }
        if (destination.getPort() == 0) {
            throw new IllegalArgumentException("destination without a port " + destination);
        }
        byte[] raw = address.getAddress(); // Java already turns a mapped IPv6 address into an Inet4Address
        ByteBuffer out = ByteBuffer.allocate(2 + raw.length + 2);
        out.put((byte) VERSION);
        out.put((byte) (raw.length == 4 ? FAMILY_V4 : FAMILY_V6));
        out.put(raw);
        out.putShort((short) destination.getPort());
        return out.array();
    }

    /** The destination a payload carries. */
    public static InetSocketAddress decode(byte[] payload) throws MalformedException {
        if (payload == null || payload.length < 2) {
            throw new MalformedException("too short (" + (payload == null ? 0 : payload.length) + " bytes)");
        }
        int version = payload[0] & 0xff;
        if (version != VERSION) {
            throw new MalformedException("unknown version " + version);
        }
        int family = payload[1] & 0xff;
        int addressLength = switch (family) {
            case FAMILY_V4 -> 4;
            case FAMILY_V6 -> 16;
            default -> throw new MalformedException("unknown address family " + family);
        };
        if (payload.length != 2 + addressLength + 2) {
            throw new MalformedException("length " + payload.length + " does not fit family " + family);
        }
        byte[] raw = new byte[addressLength];
        System.arraycopy(payload, 2, raw, 0, addressLength);
        int port = ((payload[2 + addressLength] & 0xff) << 8) | (payload[3 + addressLength] & 0xff);
        if (port == 0) {
            throw new MalformedException("port 0");
        }
        return new InetSocketAddress(address(raw), port);
    }

    private static InetAddress address(byte[] raw) {
        try {
            InetAddress a = InetAddress.getByAddress(raw);
            assert a instanceof Inet4Address || a instanceof Inet6Address;
            return a;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
