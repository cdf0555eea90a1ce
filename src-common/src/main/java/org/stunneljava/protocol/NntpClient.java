package org.stunneljava.protocol;

import java.io.IOException;
import org.stunneljava.relay.Connection;

/**
 * {@code protocol = nntp} in client mode (stunnel's nntp_client, RFC 4642): a {@code 200} or {@code 201} greeting is
 * copied to the local client, then {@code STARTTLS} must be answered {@code 382}. stunnel has no nntp server.
 */
final class NntpClient implements ClientNegotiator {
    @Override
    public void beforeTls(Connection connection, LineChannel remote, LineChannel local) throws IOException {
        String greeting = remote.readLine();
        if (!Reply.is(greeting, "200") && !Reply.is(greeting, "201")) {
            throw NegotiationFailure.reset("Unknown server welcome");
        }
        local.writeLine(greeting);
        remote.writeLine("STARTTLS");
        if (!Reply.is(remote.readLine(), "382")) {
            throw NegotiationFailure.reset("Server does not support TLS");
        }
    }
}
