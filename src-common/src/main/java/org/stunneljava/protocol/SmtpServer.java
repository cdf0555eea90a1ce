package org.stunneljava.protocol;

import java.io.IOException;
import java.time.Duration;
import org.stunneljava.log.Severity;
import org.stunneljava.relay.Connection;

/**
 * {@code protocol = smtp} in server mode (stunnel's smtp_server): the backend is connected first, because the
 * greeting the client sees is built from the backend's. A client that speaks within {@link #SNIFF} is taken to
 * start TLS at once (implicit TLS, "RFC 2487 not detected"), and the backend's greeting then reaches it inside TLS.
 * Otherwise the client gets {@code 220 <domain> stunnel for <rest>}, then the backend's further {@code 220-}
 * lines, answers our {@code 250-<domain>} / {@code 250 STARTTLS} to its {@code EHLO}, and {@code 220 Go ahead} to
 * its {@code STARTTLS}. The backend is sent nothing: the client's next EHLO, inside TLS, reaches it via the relay.
 */
final class SmtpServer implements ServerNegotiator {
    /** stunnel's fixed wait before it decides the client is not speaking first (not TIMEOUTbusy). */
    static final Duration SNIFF = Duration.ofMillis(200);

    @Override
    public boolean connectsBeforeTls() {
        return true;
    }

    @Override
    public void withBackendBeforeTls(Connection connection, LineChannel client, LineChannel backend)
            throws IOException {
        if (client.readableWithin(SNIFF)) {
            connection.log().log(Severity.DEBUG, "RFC 2487 not detected");
            return;
        }
        connection.log().log(Severity.DEBUG, "RFC 2487 detected");
        String domain = greet(client, backend);
        if (!LineChannel.startsWith(client.readLine(), "EHLO ")) {
            throw NegotiationFailure.reset("Unknown client EHLO");
        }
        client.writeLine("250-" + domain);
        client.writeLine("250 STARTTLS");
        if (!LineChannel.startsWith(client.readLine(), "STARTTLS")) {
            throw NegotiationFailure.reset("STARTTLS expected");
        }
        client.writeLine("220 Go ahead");
    }

    /**
     * Shows the client the backend's greeting with stunnel's mark in its first line and returns the backend's
     * domain: the first word after the code and its separator (which is kept, so a multi-line greeting stays one).
     */
    private static String greet(LineChannel client, LineChannel backend) throws IOException {
        String line = backend.readLine();
        if (!LineChannel.startsWith(line, "220 ") && !LineChannel.startsWith(line, "220-")) {
            throw NegotiationFailure.reset("Unknown server welcome");
        }
        String code = line.substring(0, 4);
        String domain = line.substring(4);
        int space = domain.indexOf(' ');
        if (space >= 0) {
            client.writeLine(code + domain.substring(0, space) + " stunnel for " + domain.substring(space + 1));
            domain = domain.substring(0, space);
        } else {
            client.writeLine(code + domain + " stunnel");
        }
        boolean more = LineChannel.startsWith(code, "220-");
        while (more) { // the rest of a multi-line greeting, verbatim, up to and including its last line
            String next = backend.readLine();
            client.writeLine(next);
            more = LineChannel.startsWith(next, "220-");
        }
        return domain;
    }
}
