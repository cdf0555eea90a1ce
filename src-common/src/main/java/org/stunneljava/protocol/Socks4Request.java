package org.stunneljava.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * A SOCKS 4 or 4a exchange inside TLS (the version byte already read), as stunnel 5.68's socks4_server answers
 * it: CONNECT to an IPv4 address, or to a name when the address is {@code 0.0.0.x} (x not 0: SOCKS 4a); TOR's
 * RESOLVE (0xF0). The USERID is read and ignored. The reply is version 0, 90 (granted) or 91 (rejected or failed),
 * then the request's port and address (for RESOLVE, the name's IPv4 address). Stateless.
 */
final class Socks4Request {
    static final int GRANTED = 90;
    static final int REJECTED = 91;
    private static final int CONNECT = 0x01;
    private static final int RESOLVE = 0xF0;
    private static final int MAX_STRING = 65536;

    private Socks4Request() {
    }

    static SocksReply read(LineChannel tls, SocksServer server, Log log) throws IOException {
        byte[] request = tls.readExactly(7); // CD, DSTPORT, DSTIP
        int command = request[0] & 0xff;
        int port = Socks5Request.port(request, 1);
        byte[] ip = Arrays.copyOfRange(request, 3, 7);
        string(tls); // USERID, ignored
        if (command == CONNECT) {
            int value = (ip[0] & 0xff) << 24 | (ip[1] & 0xff) << 16 | (ip[2] & 0xff) << 8 | (ip[3] & 0xff);
            SocksServer.Verdict verdict;
            if (value > 0 && value < 256) { // 0.0.0.x: SOCKS 4a, a name follows
                verdict = server.checkName("SOCKS4a", string(tls), port);
            } else {
                log.log(Severity.INFO, "SOCKS4 address received");
                verdict = server.checkAddress(new InetSocketAddress(InetAddress.getByAddress(ip), port));
            }
            return verdict == SocksServer.Verdict.ALLOWED
                    ? SocksReply.connecting(reply(GRANTED, request, ip), reply(REJECTED, request, ip))
                    : SocksReply.ending(reply(REJECTED, request, ip));
        }
        if (command == RESOLVE) {
            return resolve(tls, server, log, request, ip, port);
        }
        log.log(Severity.ERR, String.format("Unsupported SOCKS4/SOCKS4a command 0x%02x", command));
        return SocksReply.ending(reply(REJECTED, request, ip));
    }

    private static SocksReply resolve(LineChannel tls, SocksServer server, Log log, byte[] request, byte[] ip,
                                      int port) throws IOException {
        String name = string(tls);
        if (!server.mayResolve(name, port)) {
            return SocksReply.ending(reply(REJECTED, request, ip));
        }
        List<InetSocketAddress> found = Targets.resolve(log, name, 0);
        if (!found.isEmpty() && Targets.preferIpv4(found) instanceof Inet4Address v4) {
            log.log(Severity.INFO, "SOCKS4a/TOR resolved \"" + name + "\"");
            return SocksReply.ending(reply(GRANTED, request, v4.getAddress()));
        }
        log.log(Severity.ERR, "SOCKS4a/TOR failed to resolve \"" + name + "\"");
        return SocksReply.ending(reply(REJECTED, request, ip));
    }

    /** {@code 00 CODE DSTPORT ADDRESS}. */
    private static byte[] reply(int code, byte[] request, byte[] address) {
        return new byte[] {0, (byte) code, request[1], request[2], address[0], address[1], address[2], address[3]};
    }

    /** A NUL-terminated string, as stunnel's ssl_getstring reads it (at most 64 KiB). */
    private static String string(LineChannel tls) throws IOException {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (int b = tls.readByte(); b != 0; b = tls.readByte()) {
            if (s.size() > MAX_STRING) {
                throw NegotiationFailure.reset("ssl_getstring: Line too long");
            }
            s.write(b);
        }
        return s.toString(StandardCharsets.ISO_8859_1);
    }
}
