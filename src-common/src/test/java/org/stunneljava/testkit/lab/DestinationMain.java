package org.stunneljava.testkit.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A destination of the gateway lab, run as its own process inside a namespace:
 * {@code DestinationMain NAME BIND_ADDRESS PORT} (port 0 for an ephemeral one; {@code ::} accepts IPv4 and IPv6).
 * Prints {@code ready NAME port P} once listening. To each connection it first writes one greeting line,
 * {@code NAME PEER_HOST:PEER_PORT\n} (the peer it saw, so a test tells a routed connection from a tunnelled one),
 * then echoes every byte until the client's end of stream, half-closes, and prints
 * {@code conn NAME from PEER bytes N}. Runs until killed.
 */
public final class DestinationMain {
    private DestinationMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: DestinationMain NAME BIND_ADDRESS PORT");
            System.exit(2);
        }
        String name = args[0];
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2])), 256);
        Lines.say("ready " + name + " port " + server.getLocalPort());
        while (true) {
            Socket s = server.accept();
            Thread.ofVirtual().start(() -> serve(name, s));
        }
    }

    private static void serve(String name, Socket s) {
        String peer = Lines.text((InetSocketAddress) s.getRemoteSocketAddress());
        try (s) {
            s.setTcpNoDelay(true);
            s.getOutputStream().write((name + " " + peer + "\n").getBytes(StandardCharsets.US_ASCII));
            long echoed = s.getInputStream().transferTo(s.getOutputStream());
            s.shutdownOutput();
            Lines.say("conn " + name + " from " + peer + " bytes " + echoed);
        } catch (IOException e) {
            Lines.say("conn " + name + " from " + peer + " failed " + e);
        }
    }
}
