package org.stunneljava.tls;

import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * Everything a TLS server handshake of one service needs, built once per service (and again on reload).
 *
 * @param credentials  our chain and key
 * @param versions     offered versions, newest first
 * @param suites       cipher suites in preference order
 * @param groups       key-exchange groups in preference order
 * @param clientAuth   whether to ask for, or insist on, a client certificate
 * @param caNames      certificate authorities named in the certificate request (from CAfile)
 * @param clientCheck  the verification of a presented client chain
 * @param sessions     the service's session cache and ticket keys (TLS 1.2 resumption)
 */
public record ServerTlsSettings(LocalCredentials credentials, ProtocolVersion[] versions, int[] suites, int[] groups,
                                ClientAuth clientAuth, List<X500Name> caNames, PeerCertificateCheck clientCheck,
                                ServerSessions sessions) {

    public enum ClientAuth { NONE, REQUEST, REQUIRE }

    public ServerTlsSettings {
        caNames = List.copyOf(caNames);
    }

    /** Without session resumption. */
    public ServerTlsSettings(LocalCredentials credentials, ProtocolVersion[] versions, int[] suites, int[] groups,
                             ClientAuth clientAuth, List<X500Name> caNames, PeerCertificateCheck clientCheck) {
        this(credentials, versions, suites, groups, clientAuth, caNames, clientCheck, ServerSessions.NONE);
    }
}
