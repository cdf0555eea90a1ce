package org.stunneljava.protocol;

import java.io.IOException;
import org.stunneljava.log.Severity;
import org.stunneljava.relay.Connection;

/**
 * {@code protocol = imap} in server mode (stunnel's imap_server, RFC 2595). The backend is connected first. A client
 * that speaks within {@link SmtpServer#SNIFF} starts TLS at once ("RFC 2595 not detected"). Otherwise it gets the
 * backend's {@code * OK} greeting with {@code (stunnel)} appended and its first {@code CAPABILITY} defaced to
 * {@code KAPABILITY} (those capabilities are the backend's, without STARTTLS; the client should ask), and then
 * may send, before TLS: {@code CAPABILITY} (forwarded to the backend; STARTTLS is appended to its untagged answer),
 * {@code STARTTLS} (answered, then the handshake), {@code LOGOUT} or anything else (answered, then the session with
 * the backend is logged out and the connection closed normally).
 */
final class ImapServer implements ServerNegotiator {
    @Override
    public boolean connectsBeforeTls() {
        return true;
    }

    @Override
    public void withBackendBeforeTls(Connection connection, LineChannel client, LineChannel backend)
            throws IOException {
        if (client.readableWithin(SmtpServer.SNIFF)) {
            connection.log().log(Severity.DEBUG, "RFC 2595 not detected");
            return;
        }
        connection.log().log(Severity.DEBUG, "RFC 2595 detected");
        String greeting = backend.readLine();
        if (!LineChannel.startsWith(greeting, "* OK")) {
            throw NegotiationFailure.reset("Unknown server welcome");
        }
        client.writeLine(defaceCapability(greeting) + " (stunnel)");
        if (commands(connection, client, backend)) {
            return;
        }
        backend.writeLine("stunnel LOGOUT");
        if (backend.readLine().startsWith("*")) {
            backend.readLine();
        }
        throw NegotiationFailure.quietClose("imap session ended before STARTTLS");
    }

    /** The client's commands before TLS; true when it asked for STARTTLS, false when the session must end. */
    private static boolean commands(Connection connection, LineChannel client, LineChannel backend)
            throws IOException {
        while (true) {
            String line = client.readLine();
            int space = line.indexOf(' ');
            if (space < 0) {
                return false; // not a command: stunnel ends the session without a word
            }
            String tag = line.substring(0, space);
            String command = line.substring(space + 1);
            if (LineChannel.startsWith(command, "STARTTLS")) {
                client.writeLine(tag + " OK Begin TLS negotiation now");
                return true;
            } else if (LineChannel.startsWith(command, "CAPABILITY")) {
                if (!capability(connection, client, backend, line)) {
                    return false;
                }
            } else if (LineChannel.startsWith(command, "LOGOUT")) {
                client.writeLine("* BYE server terminating");
                client.writeLine(tag + " OK LOGOUT completed");
                return false;
            } else {
                client.writeLine("* BYE stunnel: unexpected command");
                client.writeLine(tag + " BAD " + command + " unexpected");
                connection.log().log(Severity.ERR, "Unexpected client command " + command);
                return false;
            }
        }
    }

    /**
     * Forwards a CAPABILITY command and the backend's answer, with STARTTLS added to its untagged line (not
     * LOGINDISABLED: stunnel leaves it out for old Mozilla clients, and LOGIN before TLS is refused anyway).
     */
    private static boolean capability(Connection connection, LineChannel client, LineChannel backend,
                                      String command) throws IOException {
        backend.writeLine(command);
        String line = backend.readLine();
        if (line.startsWith("*")) {
            client.writeLine(line + " STARTTLS");
            line = backend.readLine();
        }
        client.writeLine(line);
        int space = line.indexOf(' ');
        if (space < 0 || !LineChannel.startsWith(line.substring(space + 1), "OK")) {
            client.writeLine("* BYE unexpected server response");
            connection.log().log(Severity.ERR, "Unexpected server response: " + line);
            return false;
        }
        return true;
    }

    /** The first {@code CAPABILITY} (else {@code capability}) gets a {@code K} for its first letter, as in stunnel. */
    static String defaceCapability(String greeting) {
        int at = greeting.indexOf("CAPABILITY");
        if (at < 0) {
            at = greeting.indexOf("capability");
        }
        return at < 0 ? greeting : greeting.substring(0, at) + 'K' + greeting.substring(at + 1);
    }
}
