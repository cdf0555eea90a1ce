package org.stunneljava.client;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.launch.TlsSettingsFactory;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.ConnectionEvents;
import org.stunneljava.server.ServerConnectionHandler;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.tls.ClientTlsSettings;
import org.stunneljava.tls.HybridTlsCrypto;
import org.stunneljava.tls.ServerTlsSettings;

/**
 * Services of both modes in the test's JVM, wired as the two programs wire them, and the configs of a pair that
 * verifies both ways (client -> server -> backend).
 */
final class Tunnels {
    private Tunnels() {
    }

    /**
     * {@code [name-server]}: server mode with the PKI's server certificate, requiring a client certificate its CA
     * issued; the extra lines last.
     */
    static ServiceConfig verifyingServer(Path dir, TestPki pki, String name, int backendPort, String extra)
            throws Exception {
        return ServiceConfigs.load(dir, name + "-server", """
                [%s-server]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                verifyChain = yes
                CAfile = %s
                """.formatted(name, backendPort, pki.serverPem(), pki.caPem()) + extra + "\n");
    }

    /**
     * {@code [name-client]}: client mode with the PKI's client certificate, verifying the server's chain and the
     * name localhost; the extra lines last.
     */
    static ServiceConfig verifyingClient(Path dir, TestPki pki, String name, int serverPort, String extra)
            throws Exception {
        return ServiceConfigs.load(dir, name + "-client", """
                [%s-client]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                verifyChain = yes
                CAfile = %s
                checkHost = localhost
                """.formatted(name, serverPort, pki.clientPem(), pki.caPem()) + extra + "\n");
    }

    static InProcessService client(ServiceConfig service) throws Exception {
        return client(service, ConnectionEvents.NONE);
    }

    /** As {@link #client(ServiceConfig)}, telling {@code events} of every connection (metrics). */
    static InProcessService client(ServiceConfig service, ConnectionEvents events) throws Exception {
        HybridTlsCrypto crypto = new HybridTlsCrypto(new SecureRandom());
        ClientTlsSettings tls = TlsSettingsFactory.client(service, crypto, new RecordingLog());
        Dialer dialer = Dialer.forService(service);
        return InProcessService.start(logs -> new ClientConnectionHandler(service, crypto, tls, dialer, logs),
                events);
    }

    static InProcessService server(ServiceConfig service) throws Exception {
        return server(service, new RecordingLog());
    }

    /** @param serviceLog where the service's own lines go (start-up, OCSP stapling fetches) */
    static InProcessService server(ServiceConfig service, RecordingLog serviceLog) throws Exception {
        HybridTlsCrypto crypto = new HybridTlsCrypto(new SecureRandom());
        ServerTlsSettings tls = TlsSettingsFactory.server(service, crypto, serviceLog);
        Dialer dialer = Dialer.forService(service);
        return InProcessService.start(logs -> new ServerConnectionHandler(service, crypto, tls, dialer, logs));
    }
}
