package org.stunneljava.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;

/**
 * What one handshake produced, filled in by the Bouncy Castle callbacks on the handshake thread and read by the
 * same connection afterwards: negotiated parameters, the peer chain, ClientHello extensions, the last alert.
 */
public final class HandshakeRecord {
    private volatile Map<Integer, byte[]> clientExtensions = Map.of();
    private volatile Certificate peerCertificate;
    private volatile String version;
    private volatile String cipherSuite;
    private volatile String cipherName;
    private volatile String serverName;
    private volatile byte[] applicationProtocol;
    private volatile boolean resumed;
    private volatile String sessionId;
    private volatile String alert;
    private volatile String failure;
    private volatile String pskIdentity;
    private volatile boolean tls13Psk;
    private volatile InetSocketAddress carriedDestination;

    void clientExtensions(Map<Integer, byte[]> extensions) {
        this.clientExtensions = extensions;
    }

    void peerCertificate(Certificate chain) {
        this.peerCertificate = chain;
    }

    void carriedDestination(InetSocketAddress destination) {
        this.carriedDestination = destination;
    }

    void sessionId(String hex) {
        this.sessionId = hex;
    }

    void failure(String reason) {
        this.failure = reason;
    }

    /** The peer was authenticated by this pre-shared key (TLS 1.2 PSK suite, or TLS 1.3 external PSK). */
    void psk(String identity, boolean tls13) {
        this.pskIdentity = identity;
        this.tls13Psk = tls13;
    }

    void alertSent(short level, short description, String message) {
        this.alert = (level == AlertLevel.fatal ? "fatal" : "warning") + " alert sent: "
                + AlertDescription.getText(description) + (message == null ? "" : " (" + message + ")");
    }

    void alertReceived(short level, short description) {
        this.alert = (level == AlertLevel.fatal ? "fatal" : "warning") + " alert received: "
                + AlertDescription.getText(description);
    }

    void completed(TlsContext context) {
        SecurityParameters sp = context.getSecurityParametersConnection();
        this.version = ProtocolRange.name(sp.getNegotiatedVersion());
        this.cipherSuite = SuiteNames.openssl(sp.getCipherSuite()) + " (" + SuiteNames.bits(sp.getCipherSuite())
                + "-bit encryption)";
        this.cipherName = SuiteNames.openssl(sp.getCipherSuite());
        this.resumed = sp.isResumedSession();
        this.serverName = hostName(sp.getClientServerNames());
        this.applicationProtocol = sp.getApplicationProtocol() == null ? null
                : sp.getApplicationProtocol().getBytes();
    }

    private static String hostName(java.util.Vector<?> names) {
        if (names == null) {
            return null;
        }
        for (Object o : names) {
            if (o instanceof org.bouncycastle.tls.ServerName name
                    && name.getNameType() == org.bouncycastle.tls.NameType.host_name) {
                return new String(name.getNameData(), java.nio.charset.StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    /** The cipher suite's OpenSSL name alone: {@code TLS_AES_256_GCM_SHA384}. */
    public String cipherName() {
        return cipherName;
    }

    /** The host name the client asked for (SNI), or empty. */
    public Optional<String> serverName() {
        return Optional.ofNullable(serverName);
    }

    /** The negotiated ALPN protocol's bytes, or empty when none was negotiated. */
    public Optional<byte[]> applicationProtocol() {
        return Optional.ofNullable(applicationProtocol).map(byte[]::clone);
    }

    /**
     * The original destination the client carried in the ClientHello, read only by an exit server that uses it;
     * empty when absent. Nothing has vouched for it until the handshake completed with a verified client.
     */
    public Optional<InetSocketAddress> carriedDestination() {
        return Optional.ofNullable(carriedDestination);
    }

    public Map<Integer, byte[]> clientExtensions() {
        return clientExtensions;
    }

    /** The verified peer chain, or null when the peer sent none. */
    public Certificate peerCertificate() {
        return peerCertificate;
    }

    /** The subject of the verified peer certificate, in OpenSSL's one-line form, for log lines. */
    public Optional<String> peerSubject() {
        Certificate chain = peerCertificate;
        if (chain == null || chain.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OneLineName.format(org.bouncycastle.asn1.x509.Certificate
                    .getInstance(chain.getCertificateAt(0).getEncoded()).getSubject()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // it verified, so it parses; a log line is no reason to fail
        }
    }

    public String version() {
        return version;
    }

    /** As stunnel logs it: {@code TLS_AES_256_GCM_SHA384 (256-bit encryption)}. */
    public String cipherSuite() {
        return cipherSuite;
    }

    public boolean resumed() {
        return resumed;
    }

    /** The PSK identity that authenticated the peer instead of a certificate; null when none did. */
    public String pskIdentity() {
        return pskIdentity;
    }

    /** A TLS 1.3 handshake with an external PSK (OpenSSL counts those as resumed on the client side). */
    public boolean tls13Psk() {
        return tls13Psk;
    }

    /**
     * The session ID stunnel prints as {@code Session id: HEX} (upper case): a resumed session's, or a new one's
     * that can be resumed by its ID (a server that promised a ticket prints none, as stunnel); null for none.
     */
    public String sessionId() {
        return sessionId;
    }

    /** The last alert sent or received, described for a log line; null if none. */
    public String alert() {
        return alert;
    }

    /** Why we refused the handshake, in stunnel's words, when we did; null otherwise. */
    public String failure() {
        return failure;
    }
}
