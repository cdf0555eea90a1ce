package org.stunneljava.relay;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.log.Log;
import org.stunneljava.net.Dialer;

/**
 * What the server and client handlers of a service share: the service's snapshot (configuration, crypto, dialer,
 * hooks) that every connection accepted by it uses. Immutable; the mode subclasses add their TLS settings and the
 * order of the steps.
 */
public abstract class ModeHandler implements AcceptedHandler {
    protected final ServiceConfig service;
    protected final BcTlsCrypto crypto;
    protected final Dialer dialer;
    protected final ConnectionHooks hooks;
    private final Supplier<Log> logs;
    private final boolean clientMode;

    /**
     * @param logs a new connection log (with its id and the service's level) per call
     */
    protected ModeHandler(ServiceConfig service, BcTlsCrypto crypto, Dialer dialer, Supplier<Log> logs,
                          ConnectionHooks hooks) {
        this.service = service;
        this.crypto = crypto;
        this.dialer = dialer;
        this.logs = logs;
        this.hooks = hooks;
        this.clientMode = service.client();
    }

    /**
     * The address a connection's next hop is dialled from: the accepted client's with {@code transparent =
     * source}/{@code both} (for an SNI virtual service, its own setting), else null (the kernel picks).
     */
    protected static SocketAddress transparentSource(ServiceConfig section, SocketChannel accepted)
            throws IOException {
        return section.transparency().spoofsSource() ? accepted.getRemoteAddress() : null;
    }

    /** A new connection of this service, with its own log. */
    protected Connection newConnection() {
        Connection connection = new Connection(service.name(), clientMode, logs.get(), service.timeouts());
        connection.sockets(service.connections());
        return connection;
    }
}
