package org.stunneljava.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Addresses;
import org.stunneljava.origdst.OriginalDestination;

/**
 * The original destination of an accepted connection, for the services that need one ({@code transparent =
 * destination}): a connection no NAT rule redirected has none, and is refused here with one line saying so.
 */
public final class RedirectedDestination {
    private RedirectedDestination() {
    }

    /** @return the original destination, or empty once the connection was logged and closed as refused */
    public static Optional<InetSocketAddress> of(Connection connection, SocketChannel accepted) throws IOException {
        Optional<InetSocketAddress> original = OriginalDestination.redirected(accepted);
        if (original.isPresent()) {
            connection.log().log(Severity.INFO, "transparent: original destination "
                    + Addresses.text(original.get()));
        } else {
            connection.log().log(Severity.ERR, "transparent: connection from "
                    + Addresses.text(accepted.getRemoteAddress())
                    + " was not redirected (no original destination): refused");
            connection.close(CloseReason.REFUSED);
        }
        return original;
    }
}
