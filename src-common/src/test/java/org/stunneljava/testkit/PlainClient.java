package org.stunneljava.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/** A plaintext client for tests: send a request, half-close, read the whole answer (with a read deadline). */
public final class PlainClient {
    private PlainClient() {
    }

    public static byte[] exchange(int port, byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request);
            s.shutdownOutput();
            return s.getInputStream().readAllBytes();
        }
    }
}
