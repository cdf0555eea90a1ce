package org.stunneljava.protocol;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Base64;
import org.stunneljava.config.Negotiation;
import org.stunneljava.relay.Connection;

/**
 * {@code protocol = smtp} in client mode (stunnel's smtp_client, RFC 3207). Before TLS, on the remote: every
 * greeting line is copied to the local client (its code is not checked, as in stunnel: a {@code 554} greeting
 * reaches the client and the exchange goes on), then {@code EHLO <protocolHost|localhost>} whose reply is not shown
 * to the local client, then {@code STARTTLS}. Inside TLS, only with {@code protocolUsername} and
 * {@code protocolPassword}: SMTP AUTH PLAIN, or LOGIN with {@code protocolAuthentication = login}; the local
 * client's own commands follow through the relay.
 *
 * <p>After TLS we send {@code EHLO} and skip its multi-line reply, as stunnel does since 5.73; 5.68 sent
 * {@code HELO}, after which servers such as Exim refuse AUTH.
 */
final class SmtpClient implements ClientNegotiator {
    private final String ehloName;
    private final Negotiation config;

    SmtpClient(Negotiation config) {
        this.config = config;
        this.ehloName = config.host().map(WireText::of).orElse("localhost");
    }

    @Override
    public void beforeTls(Connection connection, LineChannel remote, LineChannel local) throws IOException {
        String line;
        do {
            line = remote.readLine();
            local.writeLine(line);
        } while (LineChannel.startsWith(line, "220-"));
        remote.writeLine("EHLO " + ehloName);
        if (!Reply.is(Reply.skipContinuations(remote, "250-"), "250")) {
            throw NegotiationFailure.reset("Remote server is not RFC 1425 compliant");
        }
        remote.writeLine("STARTTLS");
        if (!Reply.is(Reply.skipContinuations(remote, "220-"), "220")) {
            throw NegotiationFailure.reset("Remote server is not RFC 2487 compliant");
        }
    }

    @Override
    public void beforeRelay(Connection connection, SocketChannel accepted, LineChannel tls, LineChannel local)
            throws IOException {
        if (!config.hasCredentials()) {
            return;
        }
        tls.writeLine("EHLO " + ehloName);
        Reply.skipContinuations(tls, "250-"); // the reply is not checked, as in stunnel
        String user = config.username().orElseThrow();
        String password = config.password().orElseThrow();
        if (config.authentication().equalsIgnoreCase("login")) {
            login(tls, user, password);
        } else { // stunnel: anything but LOGIN means PLAIN
            plain(tls, user, password);
        }
    }

    /** RFC 4616: base64 of NUL, user, NUL, password. */
    private static void plain(LineChannel tls, String user, String password) throws IOException {
        byte[] u = WireText.bytes(user);
        byte[] p = WireText.bytes(password);
        byte[] message = new byte[u.length + p.length + 2];
        System.arraycopy(u, 0, message, 1, u.length);
        System.arraycopy(p, 0, message, u.length + 2, p.length);
        tls.writeLine("AUTH PLAIN " + base64(message));
        if (!Reply.is(tls.readLine(), "235")) {
            throw NegotiationFailure.reset("PLAIN Authentication Failed");
        }
    }

    private static void login(LineChannel tls, String user, String password) throws IOException {
        tls.writeLine("AUTH LOGIN");
        if (!Reply.is(tls.readLine(), "334")) {
            throw NegotiationFailure.reset("Remote server does not support LOGIN authentication");
        }
        tls.writeLine(base64(WireText.bytes(user)));
        if (!Reply.is(tls.readLine(), "334")) {
            throw NegotiationFailure.reset("LOGIN authentication failed");
        }
        tls.writeLine(base64(WireText.bytes(password)));
        if (!Reply.is(tls.readLine(), "235")) {
            throw NegotiationFailure.reset("LOGIN authentication failed");
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes); // one line, as stunnel's BIO_FLAGS_BASE64_NO_NL
    }
}
