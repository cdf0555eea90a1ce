package org.stunneljava.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Opens a listening socket as stunnel does: SO_REUSEADDR on TCP sockets, a stale unix socket file replaced, the
 * backlog of a busy server. The caller owns the returned channel; {@link #close} also unlinks a unix socket file,
 * as stunnel does on unbind.
 */
public final class Listener {
    /** stunnel's listen() backlog (SOMAXCONN on Linux). */
    private static final int BACKLOG = 4096;

    private Listener() {
    }

    public static ServerSocketChannel bind(SocketAddress address) throws IOException {
        return bind(address, channel -> {
            if (!(address instanceof UnixDomainSocketAddress)) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            return true;
        }).orElseThrow();
    }

    /** What is done to a new listening socket before bind(): stunnel sets its {@code socket = a:...} options. */
    @FunctionalInterface
    public interface BeforeBind {
        /** @return false to give this address up (the socket is closed; the reason was logged) */
        boolean prepare(ServerSocketChannel channel) throws IOException;
    }

    /**
     * Opens a socket for {@code address}, lets {@code beforeBind} prepare it, then binds and listens.
     *
     * @return the listening channel, or empty when {@code beforeBind} gave the address up
     */
    public static Optional<ServerSocketChannel> bind(SocketAddress address, BeforeBind beforeBind)
            throws IOException {
        ServerSocketChannel channel;
        if (address instanceof UnixDomainSocketAddress unix) {
            Files.deleteIfExists(unix.getPath());
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } else {
            InetSocketAddress inet = (InetSocketAddress) address;
            channel = ServerSocketChannel.open(inet.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        }
        try {
            if (!beforeBind.prepare(channel)) {
                channel.close();
                return Optional.empty();
            }
            channel.bind(address, BACKLOG);
            return Optional.of(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public static void close(ServerSocketChannel channel) {
        try {
            SocketAddress local = channel.getLocalAddress();
            channel.close();
            if (local instanceof UnixDomainSocketAddress unix) {
                Files.deleteIfExists(unix.getPath());
            }
        } catch (IOException ignored) {
            // closing a listener at shutdown: nothing useful to do with a failure
        }
    }
}
