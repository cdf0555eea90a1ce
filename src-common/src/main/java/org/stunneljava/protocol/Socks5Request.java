package org.stunneljava.protocol;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * A SOCKS 5 exchange inside TLS, byte for byte as stunnel 5.68's socks5_server_method and socks5_server answer it
 * (RFC 1928): only method 0x00 (no authentication); CONNECT with an IPv4 address, a domain name or an IPv6
 * address; TOR's RESOLVE (0xF0). The reply keeps stunnel's layout: version 5, the reply code, the request's RSV
 * byte, then the IPv6 form (22 bytes) when the request's address type was 4 and the IPv4 form (10 bytes)
 * otherwise; a CONNECT to an address echoes it, one to a name answers 0.0.0.0:0, as stunnel does. Stateless.
 */
final class Socks5Request {
    static final int SUCCEEDED = 0x00;
    static final int GENERAL_FAILURE = 0x01;
    static final int NOT_ALLOWED = 0x02;
    static final int HOST_UNREACHABLE = 0x04;
    static final int REFUSED = 0x05;
    static final int UNSUPPORTED_COMMAND = 0x07;
    static final int UNSUPPORTED_ADDRESS = 0x07; // stunnel's code; RFC 1928 has 0x08 for it
    private static final int CONNECT = 0x01;
    private static final int RESOLVE = 0xF0;

    private Socks5Request() {
    }

    /** Method selection: no authentication, or {@code 05 FF} and the end of the connection. */
    static void selectMethod(LineChannel tls) throws IOException {
        int count = tls.readByte();
        boolean none = false;
        for (byte method : tls.readExactly(count)) {
            none |= method == 0;
        }
        tls.write(new byte[] {5, (byte) (none ? 0x00 : 0xFF)});
        if (!none) {
            throw NegotiationFailure.closed("No supported SOCKS5 authentication method received");
        }
    }

    static SocksReply read(LineChannel tls, SocksServer server, Log log) throws IOException {
        byte[] head = tls.readExactly(4);
        int version = head[0] & 0xff;
        int command = head[1] & 0xff;
        int rsv = head[2] & 0xff;
        int type = head[3] & 0xff;
        if (version != 5) {
            log.log(Severity.ERR, String.format("Invalid SOCKS5 message version 0x%02x", version));
            return SocksReply.ending(reply(GENERAL_FAILURE, rsv, type, null));
        }
        if (command == CONNECT) {
            return connect(tls, server, log, rsv, type);
        }
        if (command == RESOLVE) {
            return resolve(tls, server, log, rsv, type);
        }
        log.log(Severity.ERR, String.format("Unsupported SOCKS5 command 0x%02x", command));
        return SocksReply.ending(reply(UNSUPPORTED_COMMAND, rsv, type, null));
    }

    private static SocksReply connect(LineChannel tls, SocksServer server, Log log, int rsv, int type)
            throws IOException {
        switch (type) {
            case 1, 4 -> {
                byte[] address = tls.readExactly(type == 1 ? 6 : 18);
                log.log(Severity.INFO, type == 1 ? "SOCKS5 IPv4 address received" : "SOCKS5 IPv6 address received");
                InetSocketAddress target = new InetSocketAddress(
                        InetAddress.getByAddress(java.util.Arrays.copyOf(address, address.length - 2)),
                        port(address, address.length - 2));
                return answer(server.checkAddress(target), rsv, type, address);
            }
            case 3 -> {
                String name = name(tls);
                int port = port(tls.readExactly(2), 0);
                return answer(server.checkName("SOCKS5", name, port), rsv, type, null);
            }
            default -> {
                log.log(Severity.ERR, String.format("Unsupported SOCKS5 address type 0x%02x", type));
                return SocksReply.ending(reply(UNSUPPORTED_ADDRESS, rsv, type, null));
            }
        }
    }

    private static SocksReply answer(SocksServer.Verdict verdict, int rsv, int type, byte[] address) {
        return switch (verdict) {
            case ALLOWED -> SocksReply.connecting(reply(SUCCEEDED, rsv, type, address),
                    reply(REFUSED, rsv, type, address));
            case REFUSED -> SocksReply.ending(reply(NOT_ALLOWED, rsv, type, address));
            case UNRESOLVED -> SocksReply.ending(reply(HOST_UNREACHABLE, rsv, type, address));
        };
    }

    /** TOR's RESOLVE: the name's address in the reply (IPv4 preferred), then the end of the connection. */
    private static SocksReply resolve(LineChannel tls, SocksServer server, Log log, int rsv, int type)
            throws IOException {
        String name = name(tls);
        int port = port(tls.readExactly(2), 0);
        if (!server.mayResolve(name, port)) {
            return SocksReply.ending(reply(NOT_ALLOWED, rsv, type, null));
        }
        List<InetSocketAddress> found = Targets.resolve(log, name, port);
        if (found.isEmpty()) {
            log.log(Severity.ERR, "SOCKS5/TOR failed to resolve \"" + name + "\"");
            return SocksReply.ending(reply(HOST_UNREACHABLE, rsv, type, null));
        }
        InetAddress first = Targets.preferIpv4(found);
        boolean v4 = first instanceof Inet4Address;
        log.log(Severity.INFO, "SOCKS5/TOR resolved \"" + name + "\" to " + (v4 ? "IPv4" : "IPv6"));
        byte[] address = java.util.Arrays.copyOf(first.getAddress(), first.getAddress().length + 2); // port 0
        return SocksReply.ending(reply(SUCCEEDED, rsv, v4 ? 1 : 4, address));
    }

    /** A DOMAINNAME: a length byte, then the name's bytes (taken as Latin-1, as C takes them). */
    private static String name(LineChannel tls) throws IOException {
        return new String(tls.readExactly(tls.readByte()), StandardCharsets.ISO_8859_1);
    }

    /**
     * stunnel's reply: the IPv6 layout when the address type is 4, else the IPv4 one (type 1); {@code address} is
     * the address and port to put in it (zeros when null).
     */
    static byte[] reply(int code, int rsv, int type, byte[] address) {
        boolean v6 = type == 4;
        byte[] out = new byte[v6 ? 22 : 10];
        out[0] = 5;
        out[1] = (byte) code;
        out[2] = (byte) rsv;
        out[3] = (byte) (v6 ? 4 : 1);
        if (address != null) {
            System.arraycopy(address, 0, out, 4, Math.min(address.length, out.length - 4));
        }
        return out;
    }

    static int port(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | (bytes[at + 1] & 0xff);
    }
}
