package org.stunneljava.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Addresses;
import org.stunneljava.net.ClientAddresses;
import org.stunneljava.relay.Connection;

/**
 * {@code acceptProxy = yes}: the PROXY v1 or v2 header a load balancer sends at the start of each connection,
 * before the TLS ClientHello (server mode) or the client's data (client mode). It is read exactly, never past its
 * end, and strictly: a missing, malformed or unsupported header ends the connection with one line saying why (a
 * header that claims more bytes than arrive runs into TIMEOUTbusy). A v2 LOCAL command or a v1 {@code UNKNOWN}
 * (the balancer's own health checks) keeps the socket's addresses.
 */
public final class ProxyHeaderReader {
    static final int V1_MAX = 107; // the longest v1 line, CRLF included (the spec's limit)
    private static final Pattern V1 = Pattern.compile(
            "PROXY (TCP4|TCP6) ([0-9A-Fa-f.:]+) ([0-9A-Fa-f.:]+) (\\d{1,5}) (\\d{1,5})");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d"
            + "|1\\d\\d|[1-9]?\\d)){3}");
    private static final int CMD_LOCAL = 0x0;
    private static final int CMD_PROXY = 0x1;

    private ProxyHeaderReader() {
    }

    /** Reads the header, records the client it names on the connection, and logs it. */
    public static void read(Connection connection, LineChannel in, SocketChannel accepted) throws IOException {
        int first = in.readByte();
        Optional<ClientAddresses> named = switch (first) {
            case 'P' -> v1(in);
            case 0x0D -> v2(in);
            default -> throw failure("missing (the connection starts with byte 0x%02x)".formatted(first));
        };
        if (named.isPresent()) {
            ClientAddresses a = named.get();
            connection.proxied(a);
            connection.log().log(Severity.NOTICE, "PROXY header: client " + Addresses.text(a.source()) + ", to "
                    + Addresses.text(a.destination()));
        } else {
            connection.log().log(Severity.NOTICE, "PROXY header: no client named (the balancer's own connection)");
        }
    }

    private static Optional<ClientAddresses> v1(LineChannel in) throws IOException {
        byte[] line = new byte[V1_MAX];
        line[0] = 'P';
        int n = 1;
        while (n < 2 || line[n - 2] != '\r' || line[n - 1] != '\n') {
            if (n == V1_MAX) {
                throw failure("v1 line longer than " + V1_MAX + " bytes");
            }
            line[n++] = (byte) in.readByte();
        }
        String text = new String(line, 0, n - 2, StandardCharsets.ISO_8859_1);
        if (text.equals("PROXY UNKNOWN") || text.startsWith("PROXY UNKNOWN ")) {
            return Optional.empty();
        }
        Matcher m = V1.matcher(text);
        if (!m.matches()) {
            throw failure("malformed v1 line \"" + printable(text) + "\"");
        }
        boolean ipv6 = m.group(1).equals("TCP6");
        InetSocketAddress source = new InetSocketAddress(literal(m.group(2), ipv6), port(m.group(4)));
        InetSocketAddress destination = new InetSocketAddress(literal(m.group(3), ipv6), port(m.group(5)));
        return Optional.of(new ClientAddresses(source, destination, ipv6));
    }

    private static Optional<ClientAddresses> v2(LineChannel in) throws IOException {
        byte[] signature = new byte[ProxyHeaderV2.SIGNATURE.length];
        signature[0] = 0x0D;
        System.arraycopy(in.readExactly(signature.length - 1), 0, signature, 1, signature.length - 1);
        if (!Arrays.equals(signature, ProxyHeaderV2.SIGNATURE)) {
            throw failure("missing (neither a v1 line nor the v2 signature)");
        }
        byte[] fixed = in.readExactly(4);
        int version = (fixed[0] & 0xf0) >>> 4;
        int command = fixed[0] & 0x0f;
        int family = fixed[1] & 0xff;
        int length = ((fixed[2] & 0xff) << 8) | (fixed[3] & 0xff);
        if (version != 2) {
            throw failure("v2 signature with version " + version);
        }
        if (command != CMD_LOCAL && command != CMD_PROXY) {
            throw failure("unknown v2 command 0x%x".formatted(command));
        }
        byte[] body = in.readExactly(length);
        if (command == CMD_LOCAL) {
            return Optional.empty();
        }
        int addressLength = switch (family) {
            case ProxyHeaderV2.TCP_OVER_IPV4 -> 12;
            case ProxyHeaderV2.TCP_OVER_IPV6 -> 36;
            case 0x00, 0x31 -> -1; // UNSPEC, or a unix socket: nothing we can name
            default -> throw failure("unsupported v2 address family and transport 0x%02x".formatted(family));
        };
        if (addressLength < 0) {
            return Optional.empty();
        }
        if (length < addressLength) {
            throw failure("v2 length " + length + " is too short for its addresses (" + addressLength + " bytes)");
        }
        checkTlvs(body, addressLength);
        int size = addressLength == 12 ? 4 : 16;
        InetSocketAddress source = new InetSocketAddress(address(body, 0, size), u16(body, 2 * size));
        InetSocketAddress destination = new InetSocketAddress(address(body, size, size), u16(body, 2 * size + 2));
        return Optional.of(new ClientAddresses(source, destination, size == 16));
    }

    /** The TLVs after the addresses must tile the rest of the header exactly. */
    private static void checkTlvs(byte[] body, int from) throws NegotiationFailure {
        int at = from;
        while (at < body.length) {
            if (body.length - at < 3 || body.length - at - 3 < u16(body, at + 1)) {
                throw failure("v2 TLV at offset " + at + " overruns the header");
            }
            at += 3 + u16(body, at + 1);
        }
    }

    private static InetAddress address(byte[] body, int offset, int size) throws NegotiationFailure {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(body, offset, offset + size));
        } catch (UnknownHostException e) {
            throw failure("bad address"); // cannot happen for 4 or 16 bytes
        }
    }

    private static InetAddress literal(String text, boolean ipv6) throws NegotiationFailure {
        boolean shapeOk = ipv6 ? text.indexOf(':') >= 0 : IPV4.matcher(text).matches();
        if (shapeOk) {
            try {
                InetAddress a = InetAddress.getByName(text); // a literal: no lookup
                if (ipv6 || a instanceof java.net.Inet4Address) {
                    return a;
                }
            } catch (UnknownHostException e) {
                // falls through to the failure
            }
        }
        throw failure("bad " + (ipv6 ? "IPv6" : "IPv4") + " address \"" + text + "\" in the v1 line");
    }

    private static int port(String text) throws NegotiationFailure {
        int port = Integer.parseInt(text);
        if (port > 65535 || (text.length() > 1 && text.charAt(0) == '0')) {
            throw failure("bad port \"" + text + "\" in the v1 line");
        }
        return port;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static String printable(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static NegotiationFailure failure(String what) {
        return NegotiationFailure.reset("PROXY header: " + what);
    }
}
