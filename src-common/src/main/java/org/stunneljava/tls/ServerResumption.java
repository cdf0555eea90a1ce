package org.stunneljava.tls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * The session side of one server handshake, driven by {@link StunnelTlsServer}'s Bouncy Castle callbacks in their
 * order: the ClientHello's SessionTicket extension, the session to resume (a valid ticket first, then the
 * session-ID cache), a new session ID, the ServerHello's SessionTicket extension (full TLS 1.2 handshakes of
 * clients that asked for one), the ticket itself after the client's Finished, and at the end the new session into
 * the cache. Bouncy Castle 1.84 resumes no TLS 1.3 session: in TLS 1.3 none of this applies. One per connection,
 * on its handshake thread.
 *
 * <p>The service's settings are read when each step runs, not when the connection starts: every step but the first
 * comes after the ClientHello's extensions were processed, so a server that switches to an SNI service there gets
 * that service's sessions and ticket keys (stunnel's session id context is the section name).
 */
final class ServerResumption {
    private final Supplier<ServerTlsSettings> settings;
    private final Log log;
    private Hashtable<?, ?> clientExtensions = new Hashtable<>();
    private TlsSession candidate;          // what we offered Bouncy Castle to resume
    private SessionState candidateState;
    private SessionState state = new SessionState();
    private byte[] newSessionId;
    private boolean ticketPromised;

    /** @param settings the service's settings as they are now (SNI may switch them after the ClientHello) */
    ServerResumption(Supplier<ServerTlsSettings> settings, Log log) {
        this.settings = settings;
        this.log = log;
    }

    private ServerSessions sessions() {
        return settings.get().sessions();
    }

    /** The state of this connection's session: a new one until a resumed session's replaces it. */
    SessionState state() {
        return state;
    }

    void clientExtensions(Hashtable<?, ?> extensions) {
        this.clientExtensions = extensions == null ? new Hashtable<>() : extensions;
    }

    /** {@code getSessionToResume}: a valid ticket's session, else the cached session of this ID, else null. */
    TlsSession sessionToResume(byte[] sessionId, TlsCrypto crypto) {
        if (!sessions().resume() || sessionId.length == 0) {
            return null; // RFC 5077 3.4: without a session ID a client could not tell a resumption from a refusal
        }
        byte[] ticket = sessions().tickets() ? (byte[]) clientExtensions.get(ExtensionType.session_ticket) : null;
        if (ticket != null && ticket.length > 0) {
            TlsSession fromTicket = fromTicket(sessionId, ticket, crypto);
            if (fromTicket != null) {
                return fromTicket;
            }
        }
        return sessions().cache().withEntry(sessionId, e -> resumable(e.parameters())
                ? offer(copy(sessionId, e.parameters(), crypto), e.state()) : null).orElse(null);
    }

    /** {@code getNewSessionID}: a random ID when sessions are kept, else none (the client cannot resume). */
    byte[] newSessionId() {
        newSessionId = sessions().resume() ? sessions().newSessionId() : null;
        return newSessionId;
    }

    /** {@code notifySession}: Bouncy Castle resumes our candidate or starts a new session. */
    void session(TlsSession session) {
        if (session != null && session == candidate) {
            state = candidateState;
        }
    }

    /** {@code getServerExtensions} of a full handshake: promise a ticket to a TLS 1.2 client that asked for one. */
    void serverExtensions(Hashtable<Integer, byte[]> serverExtensions, boolean tls13) {
        if (sessions().tickets() && !tls13 && clientExtensions.containsKey(ExtensionType.session_ticket)) {
            serverExtensions.put(ExtensionType.session_ticket, TlsUtils.EMPTY_BYTES);
            ticketPromised = true;
        }
    }

    /**
     * {@code getNewSessionTicket}, after the client's Finished: this session sealed, with the final ServerHello
     * extensions (Bouncy Castle adds its own to the table we returned). An empty ticket when it would be too big
     * (RFC 5077 3.3 allows that).
     */
    NewSessionTicket newSessionTicket(TlsContext context, Hashtable<?, ?> serverExtensions, TlsCrypto crypto) {
        SecurityParameters sp = context.getSecurityParametersHandshake();
        byte[] secret = crypto.adoptSecret(sp.getMasterSecret()).extract();
        Map<Integer, byte[]> extensions = new LinkedHashMap<>(SessionCopies.fullHandshakeOnly(serverExtensions));
        byte[] psk = sp.getPSKIdentity();
        TicketContents contents = new TicketContents(sessions().now(), sp.getNegotiatedVersion().getFullVersion(),
                sp.getCipherSuite(), sp.isExtendedMasterSecret(), state.redirected(), secret,
                newSessionId == null ? TlsUtils.EMPTY_BYTES : newSessionId, psk == null ? TlsUtils.EMPTY_BYTES : psk,
                extensions, chain(sp.getPeerCertificate()));
        byte[] ticket = sessions().sealer().seal(contents);
        Arrays.fill(secret, (byte) 0);
        if (ticket == null) {
            return new NewSessionTicket(0, TlsUtils.EMPTY_BYTES);
        }
        return new NewSessionTicket(sessions().sealer().lifetime().toSeconds(), ticket);
    }

    /** After the handshake: a new TLS 1.2 session goes into the cache; the record learns what to log. */
    void completed(TlsContext context, HandshakeRecord record, TlsCrypto crypto) throws IOException {
        SecurityParameters sp = context.getSecurityParametersConnection();
        if (sp.isResumedSession()) {
            record.sessionId(HexFormat.of().withUpperCase().formatHex(sp.getSessionID()));
            Certificate peer = sp.getPeerCertificate();
            if (!state.redirected() && peer != null && !peer.isEmpty()) {
                record.peerCertificate(peer); // verified when the session began
            }
            return;
        }
        if (newSessionId == null || TlsUtils.isTLSv13(sp.getNegotiatedVersion())) {
            return;
        }
        SessionParameters stored = SessionCopies.forStorage(context.getSession().exportSessionParameters(), crypto);
        sessions().cache().put(newSessionId, stored, state);
        if (!ticketPromised) {
            record.sessionId(HexFormat.of().withUpperCase().formatHex(newSessionId));
        }
    }

    private TlsSession fromTicket(byte[] sessionId, byte[] ticket, TlsCrypto crypto) {
        TicketSealer.Opened opened = sessions().sealer().open(ticket, sessions().now());
        if (!opened.ok()) {
            log.log(Severity.DEBUG, "Session ticket not accepted: " + opened.refusal());
            return null;
        }
        TicketContents c = opened.contents();
        log.log(Severity.INFO, "Decrypted ticket for an authenticated session: " + (c.redirected() ? "no" : "yes"));
        try {
            SessionParameters p = parameters(c, crypto);
            if (!resumable(p)) {
                return null;
            }
            // The issuing session's live state (its backend) when this process issued the ticket, else the ticket's.
            SessionState shared = sessions().cache().get(c.handle()).map(SessionCache.Entry::state)
                    .orElseGet(() -> new SessionState(c.redirected()));
            return offer(TlsUtils.importSession(sessionId, p), shared);
        } catch (IOException | RuntimeException e) {
            // Whatever a ticket holds, a ticket we cannot use means a full handshake, never a failed one.
            log.log(Severity.DEBUG, "Session ticket not accepted: " + e);
            return null;
        } finally {
            Arrays.fill(c.masterSecret(), (byte) 0);
        }
    }

    /**
     * Whether this service may resume a session: TLS 1.2 or older, a version and suite it still offers (a ticket
     * may come from before a restart with other settings), a client certificate when one is required (Bouncy
     * Castle does not check that), and the extended master secret on both sides (otherwise Bouncy Castle would
     * abort the handshake; a full handshake is better, RFC 7627 5.3).
     */
    private boolean resumable(SessionParameters p) {
        ServerTlsSettings settings = this.settings.get();
        ProtocolVersion v = p.getNegotiatedVersion();
        // With "redirect" an unauthenticated session resumes too: it keeps going to the redirect targets. A PSK
        // session was authenticated by its key, which satisfies requireCert as in the full handshake.
        boolean clientAuthOk = settings.clientAuth() != ServerTlsSettings.ClientAuth.REQUIRE || settings.redirects()
                || (p.getPeerCertificate() != null && !p.getPeerCertificate().isEmpty())
                || p.getPSKIdentity() != null;
        return v != null && !TlsUtils.isTLSv13(v) && Arrays.asList(settings.versions()).contains(v)
                && Arrays.stream(settings.suites()).anyMatch(s -> s == p.getCipherSuite()) && clientAuthOk
                && p.isExtendedMasterSecret() && hasExtendedMasterSecret(clientExtensions);
    }

    private TlsSession offer(TlsSession session, SessionState sessionState) {
        this.candidate = session;
        this.candidateState = sessionState;
        return session;
    }

    private static TlsSession copy(byte[] sessionId, SessionParameters stored, TlsCrypto crypto) {
        try {
            return SessionCopies.forHandshake(sessionId, stored, crypto);
        } catch (IOException e) {
            return null;
        }
    }

    private SessionParameters parameters(TicketContents c, TlsCrypto crypto) throws IOException {
        TlsCertificate[] chain = new TlsCertificate[c.peerChain().size()];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = crypto.createCertificate(c.peerChain().get(i));
        }
        Hashtable<Integer, byte[]> extensions = new Hashtable<>(c.serverExtensions());
        return new SessionParameters.Builder()
                .setCipherSuite(c.cipherSuite())
                .setExtendedMasterSecret(c.extendedMasterSecret())
                .setLocalCertificate(localCertificate())
                .setMasterSecret(crypto.createSecret(c.masterSecret().clone()))
                .setNegotiatedVersion(ProtocolVersion.get(c.version() >>> 8, c.version() & 0xff))
                .setPeerCertificate(chain.length == 0 ? null : new Certificate(chain))
                .setPSKIdentity(c.pskIdentity().length == 0 ? null : c.pskIdentity())
                .setServerExtensions(extensions)
                .build();
    }

    /** Our certificate for the session; none for a service with PSK keys only. */
    private Certificate localCertificate() {
        LocalCredentials credentials = settings.get().credentials();
        return credentials == null ? null : credentials.certificate(null);
    }

    private static List<byte[]> chain(Certificate certificate) {
        List<byte[]> der = new ArrayList<>();
        if (certificate != null) {
            for (TlsCertificate c : certificate.getCertificateList()) {
                try {
                    der.add(c.getEncoded());
                } catch (IOException e) {
                    throw new IllegalStateException("a received certificate re-encodes", e);
                }
            }
        }
        return der;
    }

    private static boolean hasExtendedMasterSecret(Hashtable<?, ?> clientExtensions) {
        try {
            return TlsExtensionsUtils.hasExtendedMasterSecretExtension(clientExtensions);
        } catch (IOException e) {
            return false; // malformed: Bouncy Castle itself rejects it
        }
    }
}
