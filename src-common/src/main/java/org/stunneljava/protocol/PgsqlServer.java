package org.stunneljava.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.Connection;

/**
 * {@code protocol = pgsql} in server mode (stunnel's pgsql_server), before TLS and before the backend is
 * connected: the client's first 8 bytes must be PostgreSQL's SSLRequest, answered {@code S}. A GSSENCRequest is
 * refused with an ErrorResponse and a normal close (the protocol's answer of a server without GSSAPI encryption: a
 * client may connect again without it); anything else (a plain startup message) resets the connection, since the
 * protocol has no way to refuse it before TLS.
 */
final class PgsqlServer implements ServerNegotiator {
    private static final byte[] GSS_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x30};
    private static final byte[] GSS_REFUSAL = gssRefusal();

    /** 'E', length 61, severity ERROR, code XX000, message; each field NUL-terminated, then a NUL. */
    private static byte[] gssRefusal() {
        byte[] body = "SERROR\0CXX000\0MSSL expected but not requested by client\0\0"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[5 + body.length];
        message[0] = 'E';
        message[4] = (byte) (4 + body.length);
        System.arraycopy(body, 0, message, 5, body.length);
        return message;
    }

    @Override
    public Optional<Dialer> beforeTls(Connection connection, LineChannel client) throws IOException {
        connection.log().log(Severity.DEBUG, "Started server-side psql protocol negotiation");
        byte[] request = client.readExactly(8);
        if (Arrays.equals(request, GSS_REQUEST)) {
            connection.log().log(Severity.INFO, "GSSAPI encryption requested, rejecting gracefully");
            client.write(GSS_REFUSAL);
            throw NegotiationFailure.quietClose("GSSAPI encryption refused");
        }
        if (!Arrays.equals(request, PgsqlClient.SSL_REQUEST)) {
            throw NegotiationFailure.reset("PostgreSQL client did not request TLS, rejecting");
        }
        connection.log().log(Severity.DEBUG, "SSLRequest received");
        client.write(new byte[]{'S'});
        return Optional.empty();
    }
}
