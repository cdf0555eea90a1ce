package org.stunneljava.server;

import java.security.SecureRandom;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.launch.TlsSettingsFactory;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.ConnectionEvents;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.tls.HybridTlsCrypto;
import org.stunneljava.tls.ServerTlsSettings;

/** A server-mode service in the test's JVM, wired as {@code ServerMode} wires it for the program. */
final class InProcessServer {
    private InProcessServer() {
    }

    static InProcessService start(ServiceConfig service) throws Exception {
        return start(service, ConnectionEvents.NONE);
    }

    /** As {@link #start(ServiceConfig)}, telling {@code events} of every connection (metrics). */
    static InProcessService start(ServiceConfig service, ConnectionEvents events) throws Exception {
        HybridTlsCrypto crypto = new HybridTlsCrypto(new SecureRandom());
        ServerTlsSettings tls = TlsSettingsFactory.server(service, crypto, new RecordingLog());
        Dialer dialer = Dialer.forService(service);
        return InProcessService.start(logs -> new ServerConnectionHandler(service, crypto, tls, dialer, logs),
                events);
    }
}
