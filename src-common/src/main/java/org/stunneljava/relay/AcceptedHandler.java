package org.stunneljava.relay;

import java.nio.channels.SocketChannel;

/**
 * What a service does with each accepted socket; runs on the connection's own virtual thread and owns the socket
 * from then on (it must close it, normally through {@link Connection}).
 */
@FunctionalInterface
public interface AcceptedHandler {
    void handle(SocketChannel accepted);
}
