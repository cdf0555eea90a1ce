package org.stunneljava.protocol;

import java.io.IOException;
import org.stunneljava.relay.Connection;

/**
 * {@code protocol = pgsql} in client mode (stunnel's pgsql_client): PostgreSQL's SSLRequest to the server, whose
 * one-byte answer must be {@code S}. The local client's own startup message follows inside TLS.
 */
final class PgsqlClient implements ClientNegotiator {
    /** Length 8, code 80877103 (PostgreSQL protocol, "SSLRequest"). */
    static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

    @Override
    public void beforeTls(Connection connection, LineChannel remote, LineChannel local) throws IOException {
        remote.write(SSL_REQUEST);
        if (remote.readByte() != 'S') { // 'N': the server will not do TLS
            throw NegotiationFailure.reset("PostgreSQL server rejected TLS");
        }
    }
}
