package org.stunneljava.protocol;

import java.io.IOException;
import org.stunneljava.relay.Connection;

/**
 * {@code protocol = pop3} in server mode (stunnel's pop3_server): the backend is connected first and its greeting,
 * whatever it says, reaches the client with {@code " + stunnel"} appended. A {@code CAPA} is answered with a list
 * holding only {@code STLS}; the client must then ask for {@code STLS}, which we answer before the handshake.
 * Unlike smtp and imap there is no implicit-TLS sniff: a client that starts with a ClientHello fails.
 */
final class Pop3Server implements ServerNegotiator {
    @Override
    public boolean connectsBeforeTls() {
        return true;
    }

    @Override
    public void withBackendBeforeTls(Connection connection, LineChannel client, LineChannel backend)
            throws IOException {
        client.writeLine(backend.readLine() + " + stunnel");
        String line = client.readLine();
        if (LineChannel.startsWith(line, "CAPA")) { // RFC 2449
            client.writeLine("+OK Stunnel capability list follows");
            client.writeLine("STLS");
            client.writeLine(".");
            line = client.readLine();
        }
        if (!LineChannel.startsWith(line, "STLS")) {
            throw NegotiationFailure.reset("Client does not want TLS");
        }
        client.writeLine("+OK Stunnel starts TLS negotiation");
    }
}
