package org.stunneljava.protocol;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.stunneljava.net.ClientAddresses;
import org.stunneljava.relay.Connection;
import org.stunneljava.tls.HandshakeRecord;

/**
 * {@code writeIP = yes}: stud's and hitch's {@code --write-ip}: before the client's data the backend gets one byte
 * for the family (AF_INET 2 or AF_INET6 10, Linux's numbers, as stud writes them) and the client's 4 or 16 address
 * bytes. stud writes the address as its socket has it, so an IPv4 client of a dual-stack listener arrives as
 * AF_INET6 with a v4-mapped address; so does it here.
 */
final class WriteIp implements ServerNegotiator {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    @Override
    public void beforeRelay(Connection connection, SocketChannel accepted, HandshakeRecord handshake,
                            LineChannel tls, LineChannel backend) throws IOException {
        ClientAddresses a = connection.clientAddresses(accepted)
                .orElseThrow(() -> NegotiationFailure.reset("writeIP: a unix-socket client has no IP address"));
        backend.write(bytes(a));
    }

    static byte[] bytes(ClientAddresses a) {
        byte[] raw = a.source().getAddress().getAddress();
        boolean v4 = raw.length == 4 && !a.ipv6();
        byte[] out = new byte[1 + (v4 ? 4 : 16)];
        out[0] = (byte) (v4 ? AF_INET : AF_INET6);
        if (v4 || raw.length == 16) {
            System.arraycopy(raw, 0, out, 1, raw.length);
        } else { // ::ffff:a.b.c.d
            out[11] = (byte) 0xff;
            out[12] = (byte) 0xff;
            System.arraycopy(raw, 0, out, 13, 4);
        }
        return out;
    }
}
