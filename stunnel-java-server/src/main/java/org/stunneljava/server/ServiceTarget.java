package org.stunneljava.server;

import java.util.Optional;
import java.util.function.Function;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.log.Log;
import org.stunneljava.net.Dialer;
import org.stunneljava.tls.ServerTlsSettings;

/**
 * One server section as a connection can end up in it: a listening service, or an SNI virtual service that takes
 * a connection over during its handshake. Immutable; built once per section at start-up.
 *
 * @param service  the section
 * @param tls      its certificate, trust and client-authentication settings
 * @param dialer   its {@code connect} targets
 * @param redirect its {@code redirect} targets, for clients that fail authentication
 * @param logs     the log of a connection (by id) at this section's level, for a takeover
 * @param exit     its decision about carried destinations, for an exit server ({@code transparentAllow})
 */
record ServiceTarget(ServiceConfig service, ServerTlsSettings tls, Dialer dialer, Optional<Dialer> redirect,
                     Function<String, Log> logs, Optional<ExitPolicy> exit) {
}
