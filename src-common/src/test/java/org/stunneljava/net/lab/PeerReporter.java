package org.stunneljava.net.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.stunneljava.net.Addresses;

/**
 * A backend that tells each client the address it sees it coming from: it writes the peer address as text and a
 * newline, closes, and prints {@code peer ADDRESS} to stdout (for the test). Listens on every {@code host:port}
 * argument (port 0: ephemeral) and prints {@code listening ADDRESS} for each. Runs until killed.
 */
public final class PeerReporter {
    private PeerReporter() {
    }

    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(Hosts.parse(arg));
            System.out.println("listening " + Addresses.text(server.getLocalAddress()));
            Thread.ofPlatform().start(() -> serve(server));
        }
    }

    private static void serve(ServerSocketChannel server) {
        while (true) {
            try (SocketChannel client = server.accept()) {
                String peer = Addresses.text((InetSocketAddress) client.getRemoteAddress());
                System.out.println("peer " + peer);
                client.write(ByteBuffer.wrap((peer + "\n").getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                System.out.println("error " + e);
            }
        }
    }
}
