package org.stunneljava.tls;

import java.util.Optional;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * Everything a TLS client handshake of one service needs.
 *
 * @param credentials  our certificate and key, if the service has {@code cert}
 * @param versions     offered versions, newest first
 * @param suites       cipher suites in preference order
 * @param groups       key-exchange groups in preference order
 * @param sni          the server name to send, or empty for none
 * @param serverCheck  the verification of the server's chain
 * @param psk          the key of {@code PSKsecrets}/{@code PSKidentity} ({@link PskTable#NONE} without them)
 * @param sessions     the sessions the service resumes, per destination (TLS 1.2)
 * @param negotiation  extended master secret, middlebox compatibility and security level ({@code options},
 *                     {@code securityLevel})
 */
public record ClientTlsSettings(Optional<LocalCredentials> credentials, ProtocolVersion[] versions, int[] suites,
                                int[] groups, Optional<String> sni, PeerCertificateCheck serverCheck, PskTable psk,
                                ClientSessions sessions, NegotiationPolicy negotiation) {

    /** Without PSK or session resumption, with stunnel's default negotiation policy. */
    public ClientTlsSettings(Optional<LocalCredentials> credentials, ProtocolVersion[] versions, int[] suites,
                             int[] groups, Optional<String> sni, PeerCertificateCheck serverCheck) {
        this(credentials, versions, suites, groups, sni, serverCheck, PskTable.NONE, ClientSessions.NONE);
    }

    /** With stunnel's default negotiation policy. */
    public ClientTlsSettings(Optional<LocalCredentials> credentials, ProtocolVersion[] versions, int[] suites,
                             int[] groups, Optional<String> sni, PeerCertificateCheck serverCheck, PskTable psk,
                             ClientSessions sessions) {
        this(credentials, versions, suites, groups, sni, serverCheck, psk, sessions, NegotiationPolicy.DEFAULT);
    }
}
