package org.stunneljava.tls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsSecret;

/**
 * Copies of Bouncy Castle session parameters that own their master secret. {@link SessionParameters#copy()} shares
 * the secret object, and Bouncy Castle destroys it when a connection using the session fails; a cache that kept
 * the shared object would lose the session to any later failure of any connection. So the cache holds its own
 * copy and hands each handshake another one.
 */
final class SessionCopies {
    private SessionCopies() {
    }

    /**
     * For a session cache: the secret copied, and the ServerHello extensions that announce messages sent only in
     * a full handshake removed (Bouncy Castle replays the stored extensions in a resumed ServerHello, and a
     * session_ticket there would make the client wait for a NewSessionTicket that never comes).
     */
    static SessionParameters forStorage(SessionParameters p, TlsCrypto crypto) throws IOException {
        return copy(p, crypto, fullHandshakeOnly(p.readServerExtensions()));
    }

    /** For one handshake: a fresh copy of the secret, so that the handshake may destroy it. */
    static TlsSession forHandshake(byte[] sessionId, SessionParameters stored, TlsCrypto crypto) throws IOException {
        return TlsUtils.importSession(sessionId, copy(stored, crypto, stored.readServerExtensions()));
    }

    static Hashtable<Integer, byte[]> fullHandshakeOnly(Hashtable<?, ?> extensions) {
        Hashtable<Integer, byte[]> kept = new Hashtable<>();
        if (extensions != null) {
            extensions.forEach((type, data) -> kept.put((Integer) type, (byte[]) data));
        }
        kept.remove(ExtensionType.session_ticket);
        kept.remove(ExtensionType.status_request);
        kept.remove(ExtensionType.status_request_v2);
        return kept;
    }

    private static SessionParameters copy(SessionParameters p, TlsCrypto crypto, Hashtable<?, ?> extensions)
            throws IOException {
        TlsSecret secret = p.getMasterSecret();
        TlsSecret own;
        synchronized (secret) { // Bouncy Castle's own copy (TlsUtils.getSessionMasterSecret) locks the same way
            if (!secret.isAlive()) {
                throw new IOException("the session's master secret is gone");
            }
            own = crypto.adoptSecret(secret);
        }
        return new SessionParameters.Builder()
                .setCipherSuite(p.getCipherSuite())
                .setExtendedMasterSecret(p.isExtendedMasterSecret())
                .setLocalCertificate(p.getLocalCertificate())
                .setMasterSecret(own)
                .setNegotiatedVersion(p.getNegotiatedVersion())
                .setPeerCertificate(p.getPeerCertificate())
                .setPSKIdentity(p.getPSKIdentity())
                .setSRPIdentity(p.getSRPIdentity())
                .setServerExtensions(extensions)
                .build();
    }
}
