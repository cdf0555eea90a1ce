package org.stunneljava.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLException;

/** Port and stream helpers shared by the tests. */
public final class Ports {
    private Ports() {
    }

    /**
     * A loopback port with nothing listening: bound to port 0, read back, and closed again, so a connection to it
     * is refused (the kernel does not hand the port out again at once).
     */
    public static int closed() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Reads until the peer ends the stream, and says how it ended: {@code "eof"} (FIN or close_notify) or
     * {@code "reset"} (RST, or a TLS alert the JDK reports as an exception). What was read before is dropped.
     */
    public static String readUntilEnd(InputStream in) {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // drain
            }
            return "eof";
        } catch (SocketException | SSLException e) {
            return "reset";
        } catch (IOException e) {
            return "reset: " + e;
        }
    }

    /** Whether a TCP connect to 127.0.0.1:{@code port} is refused now (nothing listens there). */
    public static boolean refused(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
