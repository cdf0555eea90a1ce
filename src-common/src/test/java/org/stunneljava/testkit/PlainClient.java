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

    /**
     * Like {@link #exchange}, for a tunnel expected to refuse the connection: what arrived before the end, with a
     * reset counted as an end (the request may not even be written completely).
     */
    public static byte[] exchangeOrReset(int port, byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            try {
                s.getOutputStream().write(request);
                s.shutdownOutput();
                byte[] buf = new byte[8192];
                for (int n; (n = s.getInputStream().read(buf)) >= 0; ) {
                    got.write(buf, 0, n);
                }
            } catch (java.net.SocketException e) {
                // reset: the end
            }
            return got.toByteArray();
        }
    }
}
