package org.stunneljava.client;

import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.launch.ModeSpec;
import org.stunneljava.launch.ServiceContext;
import org.stunneljava.launch.StartupException;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.AcceptedHandler;
import org.stunneljava.launch.TlsSettingsFactory;

/** Client mode: the services with {@code client = yes}; plaintext in, TLS out. */
final class ClientMode implements ModeSpec {
    @Override
    public String name() {
        return "client";
    }

    @Override
    public boolean runs(ServiceConfig service) {
        return service.client();
    }

    @Override
    public AcceptedHandler handler(ServiceConfig service, BcTlsCrypto crypto, ServiceContext context)
            throws StartupException {
        var tls = TlsSettingsFactory.client(service, crypto, context.log());
        var dialer = Dialer.forService(service);
        return new ClientConnectionHandler(service, crypto, tls, dialer, context.connectionLogs(service));
    }
}
