package org.stunneljava.server;

import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.launch.ModeSpec;
import org.stunneljava.launch.ServiceContext;
import org.stunneljava.launch.StartupException;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.AcceptedHandler;
import org.stunneljava.launch.TlsSettingsFactory;

/** Server mode: the services with {@code client = no}; TLS in, plaintext out. */
final class ServerMode implements ModeSpec {
    @Override
    public String name() {
        return "server";
    }

    @Override
    public boolean runs(ServiceConfig service) {
        return !service.client();
    }

    @Override
    public AcceptedHandler handler(ServiceConfig service, BcTlsCrypto crypto, ServiceContext context)
            throws StartupException {
        var tls = TlsSettingsFactory.server(service, crypto, context.log());
        var dialer = Dialer.forService(service);
        return new ServerConnectionHandler(service, crypto, tls, dialer, context.connectionLogs(service));
    }
}
