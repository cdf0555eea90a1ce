package org.stunneljava.launch;

import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.relay.AcceptedHandler;

/**
 * What one program (server or client) contributes to the shared start-up: which services it runs and how a
 * connection of such a service is handled. Implemented once in each mode module.
 */
public interface ModeSpec {
    /** {@code server} or {@code client}: program name suffix, pid file infix, messages. */
    String name();

    /** True for the services this program runs ({@code client = no} for the server). */
    boolean runs(ServiceConfig service);

    /**
     * Builds the per-service connection handler. Loads and checks every file the service names.
     *
     * @throws StartupException naming the service and file when something cannot be used
     */
    AcceptedHandler handler(ServiceConfig service, BcTlsCrypto crypto, ServiceContext context)
            throws StartupException;
}
