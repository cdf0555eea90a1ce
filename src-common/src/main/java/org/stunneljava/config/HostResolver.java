package org.stunneljava.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves host names while the configuration is loaded: an {@code accept} name that does not resolve fails the
 * service, a {@code connect} name that does not resolve switches the service to the delayed resolver (stunnel's
 * behaviour). Pluggable so that tests need no DNS. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * @param host a name or an IP literal (IPv6 without brackets), never empty
     * @return every address of the name
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JDK's resolver ({@link InetAddress#getAllByName}). */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
