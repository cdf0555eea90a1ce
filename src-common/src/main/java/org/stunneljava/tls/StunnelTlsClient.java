package org.stunneljava.tls;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Vector;
import org.bouncycastle.tls.AbstractTlsClient;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsDHGroupVerifier;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSK;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.log.Log;

/**
 * The client side of one handshake, answered from a service's {@link ClientTlsSettings}. One instance per
 * connection; the settings are shared.
 */
public final class StunnelTlsClient extends AbstractTlsClient {
    private final ClientTlsSettings settings;
    private final HandshakeRecord record = new HandshakeRecord();
    private final BcTlsCrypto bcCrypto;
    private final Log log;
    private final ClientPsk psk;
    private final ClientResumption resumption;
    private final Map<Integer, byte[]> extraExtensions = new LinkedHashMap<>();

    /** A handshake that resumes no session. */
    public StunnelTlsClient(BcTlsCrypto crypto, ClientTlsSettings settings, Log log) {
        this(crypto, settings, log, null);
    }

    /** @param remote the address dialled: the service's session for that destination is offered and updated */
    public StunnelTlsClient(BcTlsCrypto crypto, ClientTlsSettings settings, Log log, SocketAddress remote) {
        super(crypto);
        this.log = log;
        this.bcCrypto = crypto;
        this.settings = settings;
        this.psk = new ClientPsk(settings.psk(), crypto, record, log);
        ClientSessions sessions = settings.sessions();
        this.resumption = new ClientResumption(sessions, remote == null ? null : sessions.slot(remote), settings);
    }

    public HandshakeRecord record() {
        return record;
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
    protected Vector getSupportedGroups(Vector namedGroupRoles) {
        Vector<Integer> groups = new Vector<>();
        TlsUtils.addIfSupported(groups, getCrypto(), settings.groups());
        return groups;
    }

    /** One key share, for the first of our groups usable in TLS 1.3, as OpenSSL sends it. */
    @Override
    public Vector getEarlyKeyShareGroups() {
        if (supportedGroups == null) {
            return null;
        }
        for (Object g : supportedGroups) {
            if (NamedGroup.canBeNegotiated((Integer) g, ProtocolVersion.TLSv13)) {
                return TlsUtils.vectorOfOne(g);
            }
        }
        return null;
    }

    /** A server's TLS 1.2 DHE group must be as large as the security level wants (and a safe-prime group). */
    @Override
    public TlsDHGroupVerifier getDHGroupVerifier() {
        return new DhGroupCheck(settings.negotiation().securityLevel());
    }

    /** {@code options = -ENABLE_MIDDLEBOX_COMPAT} turns RFC 8446 appendix D.4 off, as in OpenSSL. */
    @Override
    public boolean shouldUseCompatibilityMode() {
        return settings.negotiation().middleboxCompat();
    }

    @Override
    public boolean shouldUseExtendedMasterSecret() {
        return settings.negotiation().extendedMasterSecret();
    }

    @Override
    protected Vector getSNIServerNames() {
        return settings.sni()
                .map(name -> new Vector<>(java.util.List.of(
                        new ServerName(NameType.host_name, name.getBytes(StandardCharsets.US_ASCII)))))
                .orElse(null);
    }

    /** TLS 1.3: the PSKsecrets key, offered beside the certificate handshake. */
    @Override
    public Vector getExternalPSKs() {
        return psk.external(getCipherSuites());
    }

    /** TLS 1.2: the server chose a PSK suite. */
    @Override
    public TlsPSKIdentity getPSKIdentity() {
        return psk.identity();
    }

    @Override
    public void notifySelectedPSK(TlsPSK selectedPSK) {
        psk.selected(selectedPSK);
    }

    @Override
    public boolean requiresCloseNotify() {
        return false;
    }

    // TLS 1.2 session resumption (session IDs and RFC 5077 tickets): ClientResumption holds the logic.
    @Override
    public TlsSession getSessionToResume() {
        return resumption.sessionToResume(getCrypto());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Hashtable getClientExtensions() throws IOException {
        Hashtable<Integer, byte[]> extensions = super.getClientExtensions();
        resumption.clientExtensions(extensions);
        extensions.putAll(extraExtensions);
        return extensions;
    }

    /**
     * Adds an extension of ours to this handshake's ClientHello (the original destination of a transparently
     * redirected connection). Call before the handshake starts.
     */
    public void addClientExtension(int type, byte[] data) {
        extraExtensions.put(type, data.clone());
    }

    @Override
    public void notifySessionToResume(TlsSession session) {
        resumption.sessionOffered(session);
    }

    @Override
    public void notifyNewSessionTicket(NewSessionTicket ticket) {
        resumption.newSessionTicket(ticket);
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                try {
                    settings.serverCheck().check(serverCertificate.getCertificate(),
                            StapledResponse.from(serverCertificate), log);
                } catch (TlsFatalAlert rejected) {
                    // OpenSSL's reasons, as stunnel logs them: the verify callback's, or the OCSP status callback's
                    record.failure(rejected.getAlertDescription() == AlertDescription.bad_certificate_status_response
                            ? "invalid status response" : "certificate verify failed");
                    throw rejected;
                }
                record.peerCertificate(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                if (settings.credentials().isEmpty()) {
                    return null;
                }
                return Signers.signer(context, bcCrypto, settings.credentials().get(),
                        request.getSupportedSignatureAlgorithms(), request.getCertificateRequestContext());
            }
        };
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
}
