package org.stunneljava.protocol;

import java.io.IOException;
import org.stunneljava.relay.Connection;

/**
 * {@code protocol = pop3} in client mode (stunnel's pop3_client, RFC 2595): the server's {@code +OK} greeting is
 * copied to the local client, then {@code STLS} must be answered {@code +OK}. Any other greeting is
 * "Unknown server welcome" and ends the connection before the local client sees it.
 */
final class Pop3Client implements ClientNegotiator {
    @Override
    public void beforeTls(Connection connection, LineChannel remote, LineChannel local) throws IOException {
        String greeting = remote.readLine();
        if (!Reply.is(greeting, "+OK")) {
            throw NegotiationFailure.reset("Unknown server welcome");
        }
        local.writeLine(greeting);
        remote.writeLine("STLS");
        if (!Reply.is(remote.readLine(), "+OK")) {
            throw NegotiationFailure.reset("Server does not support TLS");
        }
    }
}
