package org.stunneljava.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.Map;
import java.util.Vector;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CertificateStatus;
import org.bouncycastle.tls.CertificateStatusType;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.log.Log;
import org.stunneljava.net.Persistence;
import org.stunneljava.origdst.DestinationExtension;

/**
 * The server side of one handshake: Bouncy Castle's callbacks answered from a service's {@link ServerTlsSettings}.
 * One instance per connection (Bouncy Castle peers are stateful); the settings are shared.
 */
public final class StunnelTlsServer extends AbstractTlsServer {
    private final HandshakeRecord record = new HandshakeRecord();
    private final BcTlsCrypto bcCrypto;
    private final SniRouter router;
    // Replaced once by the router when the client's server name selects a virtual service.
    private ServerTlsSettings settings;
    private Log log;
    private boolean stapleLookedUp;
    private byte[] staple;
    private final ServerPsk psk; // the listening service's keys: TLS 1.3 picks a PSK before SNI routing
    private final ServerResumption resumption;

    public StunnelTlsServer(BcTlsCrypto crypto, ServerTlsSettings settings, Log log) {
        this(crypto, settings, log, null);
    }

    /** @param router chooses a virtual service by server name; null when the service has none */
    public StunnelTlsServer(BcTlsCrypto crypto, ServerTlsSettings settings, Log log, SniRouter router) {
        super(crypto);
        this.log = log;
        this.bcCrypto = crypto;
        this.settings = settings;
        this.router = router;
        this.psk = new ServerPsk(settings.psk(), crypto, record, log);
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

    /** {@code options = CIPHER_SERVER_PREFERENCE}; otherwise the client's order, as OpenSSL's default. */
    @Override
    protected boolean preferLocalCipherSuites() {
        return settings.negotiation().serverPreference();
    }

    /** The TLS 1.3 key-share group: by our {@code curves} order only with CIPHER_SERVER_PREFERENCE, as OpenSSL. */
    @Override
    public boolean preferLocalSupportedGroups() {
        return settings.negotiation().serverPreference();
    }

    @Override
    public void notifyOfferedCipherSuites(int[] offeredCipherSuites) throws IOException {
        super.notifyOfferedCipherSuites(offeredCipherSuites);
        if (settings.negotiation().serverPreference() && settings.negotiation().prioritizeChaCha()) {
            cipherSuites = ServerChoices.chachaFirst(cipherSuites, offeredCipherSuites);
        }
    }

    @Override
    protected int getMaximumNegotiableCurveBits() {
        return ServerChoices.maxCurveBits(context.getSecurityParametersHandshake().getClientSupportedGroups(),
                settings.groups());
    }

    @Override
    protected int selectECDH(int minimumCurveBits) {
        return ServerChoices.selectEcGroup(context.getSecurityParametersHandshake().getClientSupportedGroups(),
                settings.groups(), settings.negotiation().serverPreference(), minimumCurveBits);
    }

    /** TLS 1.2 DHE: a group at least as large as the security level wants (OpenSSL's DH auto parameters). */
    @Override
    protected int selectDH(int minimumFiniteFieldBits) {
        return super.selectDH(Math.max(minimumFiniteFieldBits, settings.negotiation().securityLevel().minRsaDhBits()));
    }

    @Override
    public boolean shouldUseExtendedMasterSecret() {
        return settings.negotiation().extendedMasterSecret();
    }

    /**
     * Only suites our key can serve: ECDHE_ECDSA for EC and EdDSA keys; ECDHE_RSA, DHE_RSA and RSA key transport
     * for RSA keys; PSK suites (but RSA_PSK) when the service has PSKsecrets.
     */
    @Override
    protected boolean isSelectableCipherSuite(int cipherSuite, int availCurveBits, int availFiniteFieldBits,
                                              Vector sigAlgs) {
        int kx = TlsUtils.getKeyExchangeAlgorithm(cipherSuite);
        LocalCredentials ours = settings.credentials(); // null: PSK only
        boolean keyFits = switch (kx) {
            case KeyExchangeAlgorithm.NULL -> true; // TLS 1.3: the suite does not name the signature
            case KeyExchangeAlgorithm.ECDHE_ECDSA -> ours != null && ours.keyType() != LocalCredentials.KeyType.RSA;
            case KeyExchangeAlgorithm.ECDHE_RSA, KeyExchangeAlgorithm.DHE_RSA, KeyExchangeAlgorithm.RSA ->
                    ours != null && ours.keyType() == LocalCredentials.KeyType.RSA;
            case KeyExchangeAlgorithm.PSK, KeyExchangeAlgorithm.ECDHE_PSK, KeyExchangeAlgorithm.DHE_PSK ->
                    settings.psk().enabled();
            default -> false;
        };
        return keyFits && super.isSelectableCipherSuite(cipherSuite, availCurveBits, availFiniteFieldBits, sigAlgs);
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        if (PskSuites.isPskKeyExchange(context.getSecurityParametersHandshake().getKeyExchangeAlgorithm())) {
            return null; // a TLS 1.2 PSK suite: the key authenticates us, no certificate is sent
        }
        if (settings.credentials() == null) {
            record.failure("no suitable signature algorithm"); // OpenSSL's reason when a PSK-only server has no key
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
        if (TlsUtils.getKeyExchangeAlgorithm(selectedCipherSuite) == KeyExchangeAlgorithm.RSA) {
            return Signers.decryptor(bcCrypto, settings.credentials());
        }
        return Signers.signer(context, bcCrypto, settings.credentials(),
                context.getSecurityParametersHandshake().getClientSigAlgs(), null,
                TlsUtils.isTLSv13(context) ? OcspStaple.tls13LeafExtensions(staple()) : null);
    }

    /** TLS 1.2: acknowledge status_request only when there is a response to send (OpenSSL's NOACK otherwise). */
    @Override
    protected boolean allowCertificateStatus() {
        return staple() != null;
    }

    @Override
    public CertificateStatus getCertificateStatus() throws IOException {
        return OcspStaple.tls12Status(staple());
    }

    /** The response to staple for this handshake, looked up once, when the client asked for an OCSP status. */
    private byte[] staple() {
        if (!stapleLookedUp) {
            stapleLookedUp = true;
            boolean asked = certificateStatusRequest != null
                    && certificateStatusRequest.getStatusType() == CertificateStatusType.ocsp;
            staple = asked ? settings.stapling().response(log) : null;
        }
        return staple;
    }

    @Override
    public TlsPSKIdentityManager getPSKIdentityManager() {
        return psk.identityManager(settings.psk(), log);
    }

    @Override
    public TlsPSKExternal getExternalPSK(Vector identities) {
        ProtocolVersion version = context.getServerVersion();
        return psk.external(identities, ServerPsk.sha256Possible(version, offeredCipherSuites, getCipherSuites(),
                preferLocalCipherSuites(), settings.credentials() != null));
    }

    /** TLS 1.3 with a PSK: a suite of the key's hash (Bouncy Castle's own choice ignores it). */
    @Override
    public int getSelectedCipherSuite() throws IOException {
        int suite = psk.tls13Suite(context.getServerVersion(), offeredCipherSuites, getCipherSuites(),
                preferLocalCipherSuites());
        if (suite >= 0 && selectCipherSuite(suite)) {
            return suite;
        }
        return super.getSelectedCipherSuite();
    }

    /** Called once the ClientHello (also a second one, after a HelloRetryRequest) has been taken in. */
    @Override
    public void getServerExtensionsForConnection(Hashtable serverExtensions) throws IOException {
        super.getServerExtensionsForConnection(serverExtensions);
        psk.clientHelloDone();
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        record.clientExtensions(Map.copyOf(castExtensions(clientExtensions)));
        if (router != null) {
            SniRouter.Route route = router.route(requestedHostName(clientExtensions));
            settings = route.settings();
            log = route.log();
        }
        resumption.clientExtensions(clientExtensions);
        readCarriedDestination(clientExtensions);
    }

    /**
     * An exit server's carried destination, decoded while the handshake can still answer a malformed one with
     * {@code decode_error}; it is acted on only after the handshake authenticated the client.
     */
    private void readCarriedDestination(Hashtable<?, ?> clientExtensions) throws IOException {
        if (settings.destinationExtension().isEmpty() || clientExtensions == null) {
            return;
        }
        byte[] payload = (byte[]) clientExtensions.get(settings.destinationExtension().getAsInt());
        if (payload == null) {
            return;
        }
        try {
            record.carriedDestination(DestinationExtension.decode(payload));
        } catch (DestinationExtension.MalformedException e) {
            record.failure("malformed original destination extension: " + e.getMessage());
            throw new TlsFatalAlert(AlertDescription.decode_error, e.getMessage());
        }
    }

    private static String requestedHostName(Hashtable<?, ?> clientExtensions) throws IOException {
        Vector<?> names = clientExtensions == null ? null
                : TlsExtensionsUtils.getServerNameExtensionClient(clientExtensions);
        if (names == null) {
            return null;
        }
        for (Object o : names) {
            ServerName name = (ServerName) o;
            if (name.getNameType() == NameType.host_name) {
                return new String(name.getNameData(), StandardCharsets.US_ASCII);
            }
        }
        return null;
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
        // No CA names (requireCert without CAfile/CApath): TLS 1.3 then sends no certificate_authorities extension,
        // which may not be empty (RFC 8446 4.2.4), and BC refuses to write an empty one
        Vector<Object> authorities = settings.caNames().isEmpty() ? null : new Vector<>(settings.caNames());
        if (TlsUtils.isTLSv13(context)) {
            return new CertificateRequest(TlsUtils.EMPTY_BYTES, sigAlgs, null, authorities);
        }
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, sigAlgs, authorities);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        boolean absent = clientCertificate == null || clientCertificate.isEmpty();
        // With "redirect", a missing or rejected certificate completes the handshake unauthenticated (stunnel's
        // verify.c); the connection then goes to the redirect target.
        // The decision is stored in the session (and its ticket) before the client's Finished, so a resumed session
        // is redirected again, as stunnel's session ex_data does.
        if (absent && settings.redirects()) {
            sessionState().redirected(true);
        }
        if (absent && settings.clientAuth() == ServerTlsSettings.ClientAuth.REQUIRE && !settings.redirects()) {
            record.failure("peer did not return a certificate");
            throw new TlsFatalAlert(TlsUtils.isTLSv13(context)
                    ? AlertDescription.certificate_required : AlertDescription.handshake_failure);
        }
        if (!absent) {
            try {
                settings.clientCheck().check(clientCertificate, log);
            } catch (TlsFatalAlert rejected) {
                if (settings.redirects()) {
                    sessionState().redirected(true);
                    return;
                }
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
        if (psk.isBinderFailure(alertDescription)) {
            record.failure("binder does not verify"); // OpenSSL's reason (it sends illegal_parameter, we decrypt_error)
        }
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
