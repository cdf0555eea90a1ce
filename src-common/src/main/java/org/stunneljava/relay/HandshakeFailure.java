package org.stunneljava.relay;

import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.stunneljava.log.Severity;
import org.stunneljava.net.SocketErrors;
import org.stunneljava.tls.HandshakeRecord;
import org.stunneljava.tls.OpenSslAlerts;

/**
 * Turns a failed handshake into stunnel's log line ({@code SSL_accept: ...} / {@code SSL_connect: ...}, LOG3) and
 * the connection's close reason, recording whether our fatal alert reached the peer, and tells the connection's
 * {@link ConnectionEvents} why it failed.
 */
public final class HandshakeFailure {
    private HandshakeFailure() {
    }

    /**
     * Why a handshake failed, in a fixed set small enough to be a metrics label ({@link #label}): what an operator
     * tells apart first (a peer that refused us, a peer we refused, a peer that went away, a slow one).
     */
    public enum Reason {
        /** The peer sent a fatal alert (it refused our certificate, our versions, our suites...). */
        PEER_ALERT,
        /** We sent a fatal alert for another reason than verification (a plaintext client, no shared suite). */
        ALERT_SENT,
        /** We refused the peer's certificate (or its absence, or its OCSP status): our alert said so. */
        VERIFY_FAILED,
        /** The peer closed the connection in the middle of the handshake. */
        EOF,
        /** {@code TIMEOUTbusy} ran out. */
        TIMEOUT,
        /** A socket error, or a shutdown that closed the connection under the handshake. */
        IO;

        /** The lower-case name used in metrics. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param peerClosed the transport reached EOF during the handshake: the peer went away, whatever alert
     *                   Bouncy Castle then tried to send
     */
    public static void handle(Connection connection, boolean clientMode, HandshakeRecord record, IOException e,
                              boolean peerClosed) {
        if (connection.isClosing()) {
            // TIMEOUTbusy or shutdown closed the socket under the handshake; already logged
            ConnectionEvents.current().handshakeFailed(connection,
                    connection.reason() == CloseReason.BUSY_TIMEOUT ? Reason.TIMEOUT : Reason.IO);
            return;
        }
        String prefix = clientMode ? "SSL_connect: " : "SSL_accept: ";
        String detail;
        Reason reason;
        if (peerClosed) {
            detail = "unexpected eof while reading";
            reason = Reason.EOF;
        } else if (e instanceof TlsFatalAlertReceived received) {
            detail = OpenSslAlerts.received(received.getAlertDescription());
            reason = Reason.PEER_ALERT;
        } else if (e instanceof TlsFatalAlert sent) {
            connection.fatalAlertSent();
            connection.lingerAfterAlert();
            detail = record.failure() != null ? record.failure()
                    : AlertDescription.getText(sent.getAlertDescription()).replace('_', ' ')
                    + (sent.getMessage() != null && !sent.getMessage().startsWith(AlertDescription.getName(
                    sent.getAlertDescription())) ? " (" + sent.getMessage() + ")" : "");
            reason = record.failure() != null && VERIFY_FAILURES.contains(record.failure()) ? Reason.VERIFY_FAILED
                    : Reason.ALERT_SENT;
        } else if (e instanceof EOFException) {
            detail = "unexpected eof while reading";
            reason = Reason.EOF;
        } else {
            detail = SocketErrors.describe(e);
            reason = Reason.IO;
        }
        connection.log().log(Severity.ERR, prefix + detail);
        ConnectionEvents.current().handshakeFailed(connection, reason);
        connection.close(CloseReason.HANDSHAKE_FAILED);
    }

    /** The failures StunnelTlsServer/StunnelTlsClient record when they refuse the peer's certificate. */
    private static final Set<String> VERIFY_FAILURES = Set.of("certificate verify failed",
            "peer did not return a certificate", "invalid status response");
}
