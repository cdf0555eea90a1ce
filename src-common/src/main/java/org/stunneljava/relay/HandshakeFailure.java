package org.stunneljava.relay;

import java.io.EOFException;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.stunneljava.log.Severity;
import org.stunneljava.net.SocketErrors;
import org.stunneljava.tls.HandshakeRecord;
import org.stunneljava.tls.OpenSslAlerts;

/**
 * Turns a failed handshake into stunnel's log line ({@code SSL_accept: ...} / {@code SSL_connect: ...}, LOG3) and
 * the connection's close reason, recording whether our fatal alert reached the peer.
 */
public final class HandshakeFailure {
    private HandshakeFailure() {
    }

    /**
     * @param peerClosed the transport reached EOF during the handshake: the peer went away, whatever alert
     *                   Bouncy Castle then tried to send
     */
    public static void handle(Connection connection, boolean clientMode, HandshakeRecord record, IOException e,
                              boolean peerClosed) {
        if (connection.isClosing()) {
            return; // TIMEOUTbusy or shutdown closed the socket under the handshake; already logged
        }
        String prefix = clientMode ? "SSL_connect: " : "SSL_accept: ";
        String detail;
        if (peerClosed) {
            detail = "unexpected eof while reading";
        } else if (e instanceof TlsFatalAlertReceived received) {
            detail = OpenSslAlerts.received(received.getAlertDescription());
        } else if (e instanceof TlsFatalAlert sent) {
            connection.fatalAlertSent();
            connection.lingerAfterAlert();
            detail = record.failure() != null ? record.failure()
                    : AlertDescription.getText(sent.getAlertDescription()).replace('_', ' ')
                    + (sent.getMessage() != null && !sent.getMessage().startsWith(AlertDescription.getName(
                    sent.getAlertDescription())) ? " (" + sent.getMessage() + ")" : "");
        } else if (e instanceof EOFException) {
            detail = "unexpected eof while reading";
        } else {
            detail = SocketErrors.describe(e);
        }
        connection.log().log(Severity.ERR, prefix + detail);
        connection.close(CloseReason.HANDSHAKE_FAILED);
    }
}
