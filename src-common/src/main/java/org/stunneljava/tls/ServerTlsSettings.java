package org.stunneljava.tls;

import java.util.List;
import java.util.OptionalInt;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * Everything a TLS server handshake of one service needs, built once per service (and again on reload).
 *
 * @param credentials  our chain and key; null when the service authenticates with PSK only (no {@code cert})
 * @param versions     offered versions, newest first
 * @param suites       cipher suites in preference order
 * @param groups       key-exchange groups in preference order
 * @param clientAuth   whether to ask for, or insist on, a client certificate
 * @param caNames      certificate authorities named in the certificate request (from CAfile)
 * @param clientCheck  the verification of a presented client chain
 * @param redirects    the service has {@code redirect}: a client that fails authentication completes the
 *                     handshake (unauthenticated) instead of being refused
 * @param stapling     the OCSP response to staple for our certificate when a client asks (status_request)
 * @param psk          the keys of {@code PSKsecrets} ({@link PskTable#NONE} without it)
 * @param sessions     the service's session cache and ticket keys (TLS 1.2 resumption)
 * @param negotiation  server preference, extended master secret, security level ({@code options},
 *                     {@code securityLevel})
 * @param destinationExtension the ClientHello extension type that carries an original destination, for an exit
 *                     server that uses it ({@code transparentAllow}); empty otherwise (the extension is ignored)
 */
public record ServerTlsSettings(LocalCredentials credentials, ProtocolVersion[] versions, int[] suites, int[] groups,
                                ClientAuth clientAuth, List<X500Name> caNames, PeerCertificateCheck clientCheck,
                                boolean redirects, OcspStapling stapling, PskTable psk,
                                ServerSessions sessions, NegotiationPolicy negotiation,
                                OptionalInt destinationExtension) {

    public enum ClientAuth { NONE, REQUEST, REQUIRE }

    public ServerTlsSettings {
        caNames = List.copyOf(caNames);
    }

    /** Without {@code redirect}, stapling or PSK, with stunnel's default negotiation policy. */
    public ServerTlsSettings(LocalCredentials credentials, ProtocolVersion[] versions, int[] suites, int[] groups,
                             ClientAuth clientAuth, List<X500Name> caNames, PeerCertificateCheck clientCheck) {
        this(credentials, versions, suites, groups, clientAuth, caNames, clientCheck, false, OcspStapling.NONE,
                PskTable.NONE, ServerSessions.NONE);
    }

    /** With stunnel's default negotiation policy. */
    public ServerTlsSettings(LocalCredentials credentials, ProtocolVersion[] versions, int[] suites, int[] groups,
                             ClientAuth clientAuth, List<X500Name> caNames, PeerCertificateCheck clientCheck,
                             boolean redirects, OcspStapling stapling, PskTable psk, ServerSessions sessions) {
        this(credentials, versions, suites, groups, clientAuth, caNames, clientCheck, redirects, stapling, psk,
                sessions, NegotiationPolicy.DEFAULT, OptionalInt.empty());
    }
}
