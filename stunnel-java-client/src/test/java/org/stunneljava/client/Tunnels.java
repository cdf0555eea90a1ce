package org.stunneljava.client;

import java.security.SecureRandom;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.launch.TlsSettingsFactory;
import org.stunneljava.net.Dialer;
import org.stunneljava.server.ServerConnectionHandler;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.tls.ClientTlsSettings;
import org.stunneljava.tls.HybridTlsCrypto;
import org.stunneljava.tls.ServerTlsSettings;

/** Services of both modes in the test's JVM, wired as the two programs wire them. */
final class Tunnels {
    private Tunnels() {
    }

    static InProcessService client(ServiceConfig service) throws Exception {
        HybridTlsCrypto crypto = new HybridTlsCrypto(new SecureRandom());
        ClientTlsSettings tls = TlsSettingsFactory.client(service, crypto, new RecordingLog());
        Dialer dialer = Dialer.forService(service);
        return InProcessService.start(logs -> new ClientConnectionHandler(service, crypto, tls, dialer, logs));
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
