package org.stunneljava.protocol;

import java.io.IOException;
import org.stunneljava.relay.Connection;

/**
 * {@code protocol = imap} in client mode (stunnel's imap_client, RFC 2595). The server's greeting must start with
 * {@code * OK}; the local client gets {@code * OK Connected.} in its place (stunnel hides the real one, whose
 * capabilities would not hold inside TLS), and we send {@code stunnel STARTTLS}. A refusal tells the local client
 * {@code * BYE stunnel: Server does not support TLS} and closes the connection normally.
 */
final class ImapClient implements ClientNegotiator {
    @Override
    public void beforeTls(Connection connection, LineChannel remote, LineChannel local) throws IOException {
        if (!LineChannel.startsWith(remote.readLine(), "* OK")) {
            throw NegotiationFailure.reset("Unknown server welcome");
        }
        local.writeLine("* OK Connected.");
        remote.writeLine("stunnel STARTTLS");
        if (!LineChannel.startsWith(remote.readLine(), "stunnel OK")) {
            local.writeLine("* BYE stunnel: Server does not support TLS");
            throw NegotiationFailure.closed("Server does not support TLS");
        }
    }
}
