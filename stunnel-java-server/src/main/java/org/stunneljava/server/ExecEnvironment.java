package org.stunneljava.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.tls.Certificate;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.net.SocketFamily;
import org.stunneljava.relay.Connection;
import org.stunneljava.relay.ProgramSide;
import org.stunneljava.tls.HandshakeRecord;
import org.stunneljava.tls.OneLineName;

/**
 * Starts a service's {@code exec} program for one connection with the variables stunnel gives it: the client's
 * {@code REMOTE_HOST} and {@code REMOTE_PORT}, and the subject and issuer of its certificate as
 * {@code SSL_CLIENT_DN} / {@code SSL_CLIENT_I_DN} (OpenSSL's one-line form) when it sent one.
 */
final class ExecEnvironment {
    private ExecEnvironment() {
    }

    /** @param handshake null when the program starts before the handshake (a connect-first protocol) */
    static ProgramSide start(Connection connection, ServiceConfig service, SocketChannel accepted,
                             HandshakeRecord handshake) throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        var client = connection.clientAddresses(accepted);
        if (client.isPresent()) {
            InetSocketAddress source = client.get().source();
            variables.put("REMOTE_HOST", SocketFamily.numericHost(source.getAddress(), client.get().ipv6()));
            variables.put("REMOTE_PORT", Integer.toString(source.getPort()));
        }
        Certificate chain = handshake == null ? null : handshake.peerCertificate();
        if (chain != null && !chain.isEmpty()) {
            var cert = org.bouncycastle.asn1.x509.Certificate.getInstance(chain.getCertificateAt(0).getEncoded());
            variables.put("SSL_CLIENT_DN", OneLineName.format(cert.getSubject()));
            variables.put("SSL_CLIENT_I_DN", OneLineName.format(cert.getIssuer()));
        }
        return ProgramSide.start(connection, service.exec().orElseThrow(), variables);
    }
}
