package org.stunneljava.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.stunneljava.config.Negotiation;
import org.stunneljava.log.Severity;
import org.stunneljava.relay.Connection;

/**
 * {@code protocol = connect} in client mode: the remote is an HTTP proxy, asked in plaintext to open a tunnel to
 * {@code protocolHost} before the TLS handshake runs through it, as stunnel 5.68's connect_client does:
 * <pre>
 * CONNECT host:port HTTP/1.1
 * Host: host:port
 * Proxy-Authorization: basic BASE64(user:pass)     (only with both protocolUsername and protocolPassword)
 * protocolHeader lines, in file order
 * (empty line)
 * </pre>
 * Any {@code HTTP/1.0 2..} or {@code HTTP/1.1 2..} status line (ignoring case) is accepted, and the header lines up
 * to the empty line are skipped (nothing else: no Content-Length; what follows is the TLS server's). Anything else is
 * {@code CONNECT request rejected}: the headers are read to the empty line, then both sockets are reset. Values go
 * out as written in the file (UTF-8 bytes), unchecked, as stunnel sends them. Immutable; one per service.
 */
final class ConnectClient implements ClientNegotiator {
    private final List<String> request;

    ConnectClient(Negotiation negotiation) {
        String host = negotiation.host().orElseThrow(); // the configuration requires it
        List<String> lines = new ArrayList<>();
        lines.add("CONNECT " + host + " HTTP/1.1");
        lines.add("Host: " + host);
        if (negotiation.hasCredentials()) {
            String pair = negotiation.username().orElseThrow() + ":" + negotiation.password().orElseThrow();
            // stunnel writes "basic" in lower case; the scheme name is case-insensitive (RFC 7235 section 2.1)
            lines.add("Proxy-Authorization: basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        lines.addAll(negotiation.headers());
        lines.add("");
        this.request = lines.stream().map(ConnectClient::asWireText).toList();
    }

    /** LineChannel writes one byte per char (ISO-8859-1); this makes those bytes the text's UTF-8 bytes. */
    private static String asWireText(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void beforeTls(Connection connection, LineChannel remote, LineChannel local) throws IOException {
        for (String line : request) {
            remote.writeLine(line);
        }
        String status = remote.readLine();
        if (!LineChannel.startsWith(status, "HTTP/1.0 2") && !LineChannel.startsWith(status, "HTTP/1.1 2")) {
            connection.log().log(Severity.ERR, "CONNECT request rejected");
            skipHeaders(remote);
            throw NegotiationFailure.quietReset("CONNECT request rejected");
        }
        connection.log().log(Severity.INFO, "CONNECT request accepted");
        skipHeaders(remote);
    }

    private static void skipHeaders(LineChannel remote) throws IOException {
        while (!remote.readLine().isEmpty()) {
            // stunnel reads every header line and uses none of them
        }
    }
}
