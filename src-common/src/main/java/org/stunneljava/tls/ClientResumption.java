package org.stunneljava.tls;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Hashtable;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The session side of one client handshake, driven by {@link StunnelTlsClient}'s Bouncy Castle callbacks: offer
 * the destination's TLS 1.2 session (by ticket when it has one, else by session ID), ask for a ticket when there is
 * nothing to offer (RFC 5077: an empty SessionTicket extension, as OpenSSL's clients send), keep the ticket a server
 * sends, and store the new session when the handshake completes. Bouncy Castle 1.84 resumes no TLS 1.3 session,
 * so a TLS 1.3 connection stores nothing. One per connection, on its handshake thread.
 */
final class ClientResumption {
    private final ClientSessions sessions;
    private final ClientSessions.Slot slot;   // null: nothing to resume or store
    private final ClientTlsSettings settings;
    private ClientSessions.Stored offered;
    private Hashtable<Integer, byte[]> clientExtensions;
    private NewSessionTicket received;

    ClientResumption(ClientSessions sessions, ClientSessions.Slot slot, ClientTlsSettings settings) {
        this.sessions = sessions;
        this.slot = slot;
        this.settings = settings;
    }

    /** {@code getSessionToResume}: the destination's session, if Bouncy Castle will offer it. */
    TlsSession sessionToResume(TlsCrypto crypto) {
        ClientSessions.Stored stored = slot == null ? null : slot.get();
        if (stored == null || !offerable(stored.parameters())) {
            return null;
        }
        try {
            TlsSession session = SessionCopies.forHandshake(stored.id(), stored.parameters(), crypto);
            offered = stored;
            return session;
        } catch (IOException e) {
            return null; // replaced meanwhile: its secret is gone
        }
    }

    /**
     * {@code getClientExtensions}: the ticket of the session offered, or an empty SessionTicket extension to ask
     * for one. Resuming by session ID sends none: an OpenSSL server would then issue a ticket inside the abbreviated
     * handshake, which Bouncy Castle's client does not accept there.
     */
    void clientExtensions(Hashtable<Integer, byte[]> extensions) {
        this.clientExtensions = extensions;
        if (!sessions.tickets()) {
            return;
        }
        if (offered == null) {
            extensions.put(ExtensionType.session_ticket, TlsUtils.EMPTY_BYTES);
        } else if (offered.ticket() != null) {
            extensions.put(ExtensionType.session_ticket, offered.ticket());
        }
    }

    /**
     * {@code notifySessionToResume}: Bouncy Castle may still drop the session after the extensions were made; then
     * its ticket must not be sent either (a server accepting it would resume what the client does not), and the
     * extension asks for a new ticket instead. Bouncy Castle writes the ClientHello from the same table afterwards.
     */
    void sessionOffered(TlsSession session) {
        if (session == null && offered != null) {
            offered = null;
            if (clientExtensions != null && sessions.tickets()) {
                clientExtensions.put(ExtensionType.session_ticket, TlsUtils.EMPTY_BYTES);
            }
        }
    }

    void newSessionTicket(NewSessionTicket ticket) {
        this.received = ticket;
    }

    /** After the handshake: a new TLS 1.2 session is stored for the destination; the record learns what to log. */
    void completed(TlsContext context, HandshakeRecord record, TlsCrypto crypto) throws IOException {
        SecurityParameters sp = context.getSecurityParametersConnection();
        if (sp.isResumedSession()) {
            record.sessionId(hex(sp.getSessionID()));
            Certificate peer = sp.getPeerCertificate();
            if (peer != null && !peer.isEmpty()) {
                record.peerCertificate(peer); // verified when the session began
            }
            return;
        }
        if (slot == null || TlsUtils.isTLSv13(sp.getNegotiatedVersion())) {
            return;
        }
        byte[] ticket = received == null || received.getTicket().length == 0 ? null : received.getTicket();
        byte[] id = ticket != null ? sha256(ticket) : sp.getSessionID();
        if (id.length == 0) {
            return; // the server offers no resumption (OpenSSL's client does not cache such a session either)
        }
        Duration life = sessions.timeout();
        if (ticket != null && received.getTicketLifetimeHint() > 0) {
            life = min(life, Duration.ofSeconds(received.getTicketLifetimeHint()));
        }
        SessionParameters stored = SessionCopies.forStorage(context.getSession().exportSessionParameters(), crypto);
        slot.put(new ClientSessions.Stored(id, stored, ticket, sessions.now().plus(life)));
        record.sessionId(hex(id));
    }

    /**
     * What Bouncy Castle's client would offer (TlsClientProtocol drops a session whose suite or version is not
     * offered, or that lacks the extended master secret it asks for); checked first so that a ticket is only sent
     * with the session it belongs to.
     */
    private boolean offerable(SessionParameters p) {
        ProtocolVersion v = p.getNegotiatedVersion();
        return v != null && !TlsUtils.isTLSv13(v) && Arrays.asList(settings.versions()).contains(v)
                && Arrays.stream(settings.suites()).anyMatch(s -> s == p.getCipherSuite())
                && p.isExtendedMasterSecret();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String hex(byte[] id) {
        return id.length == 0 ? null : HexFormat.of().withUpperCase().formatHex(id);
    }

    private static byte[] sha256(byte[] ticket) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(ticket);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
