package org.stunneljava.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.Transparency;
import org.stunneljava.launch.ModeSpec;
import org.stunneljava.launch.ServiceContext;
import org.stunneljava.launch.StartupException;
import org.stunneljava.launch.TlsSettingsFactory;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.AcceptedHandler;

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

    /** A listening service's handler, with its SNI virtual services (each loads its own files). */
    @Override
    public AcceptedHandler handler(ServiceConfig service, BcTlsCrypto crypto, ServiceContext context)
            throws StartupException {
        List<VirtualServices.Entry> virtuals = new ArrayList<>();
        for (ServiceConfig virtual : context.virtualServicesOf(service)) {
            virtuals.add(new VirtualServices.Entry(virtual.virtualHost().orElseThrow(),
                    target(virtual, crypto, context)));
        }
        return new ServerConnectionHandler(target(service, crypto, context), new VirtualServices(virtuals), crypto,
                context.connectionLogs(service));
    }

    private static ServiceTarget target(ServiceConfig service, BcTlsCrypto crypto, ServiceContext context)
            throws StartupException {
        var tls = TlsSettingsFactory.server(service, crypto, context.log());
        return new ServiceTarget(service, tls, Dialer.forService(service), redirectDialer(service),
                context.takeoverLogs(service), exitPolicy(service, context.listeningPorts()));
    }

    static Optional<ExitPolicy> exitPolicy(ServiceConfig service, Set<Integer> listeningPorts) {
        Transparency t = service.transparency();
        if (t.next() != Transparency.Next.CARRIED) {
            return Optional.empty();
        }
        return Optional.of(new ExitPolicy(service.name(), t.allowList(), listeningPorts,
                service.timeouts().connect()));
    }

    static Optional<Dialer> redirectDialer(ServiceConfig service) {
        List<Endpoint> redirect = service.redirect();
        if (redirect.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Dialer(redirect, service.delay(), service.failover(),
                service.timeouts().connect()));
    }
}
