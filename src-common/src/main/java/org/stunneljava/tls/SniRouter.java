package org.stunneljava.tls;

import org.stunneljava.log.Log;

/**
 * Chooses the settings a server handshake continues with once the client's server name is known (stunnel's
 * {@code servername_cb} for {@code sni = PRIMARY:pattern} services). Called at most once per handshake, from the
 * handshake's thread, before the certificate, client authentication and session are chosen.
 */
@FunctionalInterface
public interface SniRouter {
    /** The settings to use and the log to write to from now on. */
    record Route(ServerTlsSettings settings, Log log) {
    }

    /**
     * @param serverName the requested host name, or null when the client sent none
     * @return where the handshake goes on
     */
    Route route(String serverName);
}
