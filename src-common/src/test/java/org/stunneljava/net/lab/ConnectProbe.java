package org.stunneljava.net.lab;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.stunneljava.net.Addresses;

/**
 * A client with no proxy settings: connects to each {@code host:port} argument in turn, reads until the other end
 * closes, and prints {@code from LOCAL-ADDRESS got TEXT} ({@code got nothing} when the connection ended empty), then
 * {@code done}. Bounded: 5 s to connect, 20 s to read.
 */
public final class ConnectProbe {
    private ConnectProbe() {
    }

    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            try (Socket socket = new Socket()) {
                socket.connect(Hosts.parse(arg), 5_000);
                socket.setSoTimeout(20_000);
                String got = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
                System.out.println("from " + Addresses.text(socket.getLocalSocketAddress()) + " got "
                        + (got.isEmpty() ? "nothing" : got));
            } catch (IOException e) {
                System.out.println("to " + arg + " failed: " + e);
            }
        }
        System.out.println("done");
    }
}
