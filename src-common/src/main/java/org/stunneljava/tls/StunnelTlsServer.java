package org.stunneljava.tls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;
import java.util.Vector;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.log.Log;
import org.stunneljava.net.Persistence;

/**
 * The server side of one handshake: Bouncy Castle's callbacks answered from a service's {@link ServerTlsSettings}.
 * One instance per connection (Bouncy Castle peers are stateful); the settings are shared.
 */
public final class StunnelTlsServer extends AbstractTlsServer {
    private final ServerTlsSettings settings;
    private final HandshakeRecord record = new HandshakeRecord();
    private final BcTlsCrypto bcCrypto;
    private final Log log;
    private final ServerResumption resumption;

    public StunnelTlsServer(BcTlsCrypto crypto, ServerTlsSettings settings, Log log) {
        super(crypto);
        this.log = log;
        this.bcCrypto = crypto;
        this.settings = settings;
        this.resumption = new ServerResumption(() -> this.settings, log);
    }

    /** What happened in the handshake, for logs and for the authorize step after it. */
    public HandshakeRecord record() {
        return record;
    }

    /**
     * The state of this connection's TLS session (new, or the resumed session's), where the {@code redirect}
     * decision and the chosen backend are kept for the connections that resume it.
     */
    public SessionState sessionState() {
        return resumption.state();
    }

    /** stunnel's session persistence for the dial step: a resumed session goes back to its last backend. */
    public Persistence persistence() {
        SessionState state = resumption.state();
        return Persistence.of(record.resumed(), state::backend, state::backend);
    }

    @Override
    public ProtocolVersion[] getProtocolVersions() {
        return settings.versions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), settings.suites());
    }

    @Override
    public int[] getSupportedGroups() {
        return settings.groups();
    }

    @Override
    public boolean preferLocalSupportedGroups() {
        return true;
    }

    /** Only suites our key can sign for: ECDHE_ECDSA for EC and Ed25519 keys, ECDHE_RSA for RSA keys. */
    @Override
    protected boolean isSelectableCipherSuite(int cipherSuite, int availCurveBits, int availFiniteFieldBits,
                                              Vector sigAlgs) {
        int kx = TlsUtils.getKeyExchangeAlgorithm(cipherSuite);
        boolean keyFits = switch (kx) {
            case KeyExchangeAlgorithm.NULL -> true; // TLS 1.3: the suite does not name the signature
            case KeyExchangeAlgorithm.ECDHE_ECDSA -> settings.credentials().keyType() != LocalCredentials.KeyType.RSA;
            case KeyExchangeAlgorithm.ECDHE_RSA -> settings.credentials().keyType() == LocalCredentials.KeyType.RSA;
            default -> false;
        };
        return keyFits && super.isSelectableCipherSuite(cipherSuite, availCurveBits, availFiniteFieldBits, sigAlgs);
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        return Signers.signer(context, bcCrypto, settings.credentials(),
                context.getSecurityParametersHandshake().getClientSigAlgs(), null);
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        record.clientExtensions(Map.copyOf(castExtensions(clientExtensions)));
        resumption.clientExtensions(clientExtensions);
    }

    // TLS 1.2 session resumption (session IDs and RFC 5077 tickets): ServerResumption holds the logic.
    @Override
    public TlsSession getSessionToResume(byte[] sessionID) {
        return resumption.sessionToResume(sessionID, getCrypto());
    }

    @Override
    public byte[] getNewSessionID() {
        return resumption.newSessionId();
    }

    @Override
    public void notifySession(TlsSession session) {
        resumption.session(session);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Hashtable getServerExtensions() throws IOException {
        Hashtable<Integer, byte[]> extensions = super.getServerExtensions();
        resumption.serverExtensions(extensions, TlsUtils.isTLSv13(context));
        return extensions;
    }

    @Override
    public NewSessionTicket getNewSessionTicket() {
        return resumption.newSessionTicket(context, serverExtensions, getCrypto());
    }

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        if (settings.clientAuth() == ServerTlsSettings.ClientAuth.NONE) {
            return null;
        }
        Vector<?> sigAlgs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        Vector<Object> authorities = new Vector<>(settings.caNames());
        if (TlsUtils.isTLSv13(context)) {
            return new CertificateRequest(TlsUtils.EMPTY_BYTES, sigAlgs, null, authorities);
        }
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, sigAlgs, authorities);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        boolean absent = clientCertificate == null || clientCertificate.isEmpty();
        if (absent && settings.clientAuth() == ServerTlsSettings.ClientAuth.REQUIRE) {
            record.failure("peer did not return a certificate");
            throw new TlsFatalAlert(TlsUtils.isTLSv13(context)
                    ? AlertDescription.certificate_required : AlertDescription.handshake_failure);
        }
        if (!absent) {
            try {
                settings.clientCheck().check(clientCertificate, log);
            } catch (TlsFatalAlert rejected) {
                record.failure("certificate verify failed"); // OpenSSL's reason, as stunnel logs it
                throw rejected;
            }
            record.peerCertificate(clientCertificate);
        }
    }

    /** A clean TCP EOF after the handshake is a half-close, not an error (stunnel relays it). */
    @Override
    public boolean requiresCloseNotify() {
        return false;
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        record.alertSent(alertLevel, alertDescription, message);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        record.alertReceived(alertLevel, alertDescription);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        record.completed(context);
        resumption.completed(context, record, getCrypto());
    }

    @SuppressWarnings("unchecked")
    static Map<Integer, byte[]> castExtensions(Hashtable<?, ?> extensions) {
        return extensions == null ? Map.of() : (Map<Integer, byte[]>) (Map<?, ?>) extensions;
    }
}
