package org.stunneljava.relay;

import org.stunneljava.log.Severity;
import org.stunneljava.tls.HandshakeRecord;

/**
 * stunnel's lines after a completed handshake (client.c print_cipher), at info level, with OpenSSL's session
 * callbacks' {@code Session id:} line: before them for a new session, after them for a resumed one. Both modes
 * call it at the one point where a handshake has completed, so it also tells the connection's
 * {@link ConnectionEvents}.
 */
public final class HandshakeLog {
    private HandshakeLog() {
    }

    public static void completed(Connection connection, boolean clientMode, HandshakeRecord record) {
        ConnectionEvents.current().handshakeCompleted(connection, record);
        if (!connection.log().enabled(Severity.INFO)) {
            return;
        }
        // stunnel asks SSL_session_reused(), which is true for a TLS 1.3 external PSK; only its server callback
        // sets the flag that says "new session" anyway, so its client logs such a handshake as reused (client.c)
        boolean reused = record.resumed() || (clientMode && record.tls13Psk());
        String sessionId = record.sessionId();
        if (sessionId != null && !record.resumed()) {
            connection.log().log(Severity.INFO, "Session id: " + sessionId);
        }
        connection.log().log(Severity.INFO, "TLS " + (clientMode ? "connected" : "accepted") + ": "
                + (reused ? "previous session reused" : "new session negotiated"));
        connection.log().log(Severity.INFO, record.version() + " ciphersuite: " + record.cipherSuite());
        if (sessionId != null && record.resumed()) {
            connection.log().log(Severity.INFO, "Session id: " + sessionId);
        }
    }
}
