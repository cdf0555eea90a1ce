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
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.log.Log;

/**
 * The server side of one handshake: Bouncy Castle's callbacks answered from a service's {@link ServerTlsSettings}.
 * One instance per connection (Bouncy Castle peers are stateful); the settings are shared.
 */
public final class StunnelTlsServer extends AbstractTlsServer {
    private final ServerTlsSettings settings;
    private final HandshakeRecord record = new HandshakeRecord();
    private final BcTlsCrypto bcCrypto;
    private final Log log;

    public StunnelTlsServer(BcTlsCrypto crypto, ServerTlsSettings settings, Log log) {
        super(crypto);
        this.log = log;
        this.bcCrypto = crypto;
        this.settings = settings;
    }

    /** What happened in the handshake, for logs and for the authorize step after it. */
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
    }

    @SuppressWarnings("unchecked")
    static Map<Integer, byte[]> castExtensions(Hashtable<?, ?> extensions) {
        return extensions == null ? Map.of() : (Map<Integer, byte[]>) (Map<?, ?>) extensions;
    }
}
