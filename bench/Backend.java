import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The plaintext backend behind the tunnel under test: `java Backend.java [ADDRESS]` (single-file source, no
 * build). Binds a port on ADDRESS (default 127.0.0.1; bench/gateway gives the destination host's address in its
 * namespace; port 0: the kernel picks) and prints {@code raw=PORT} once it listens. A one-byte
 * command protocol, repeated until EOF:
 * <ul>
 * <li>{@code 'U' u64 n}: read and discard n bytes, then answer {@code 'K'} (upload / sink);</li>
 * <li>{@code 'D' u64 n}: send n bytes (download / source);</li>
 * <li>{@code 'P'}: answer {@code 'p'} (ping: the tiny request/response of the handshake and idle tests).</li>
 * </ul>
 * (wrk's HTTP backend is bench/httpd.c.) Platform threads on purpose: the backend runs pinned to one core next to
 * the load generator, and a blocking read in a platform thread wakes with no poller round trip, which is the
 * cheapest way for this small program to stay far from being the bottleneck. Connections are closed by the
 * client; the process is killed by bench/run.
 */
public final class Backend {
    public static void main(String[] args) throws IOException {
        InetAddress address = args.length > 0 ? InetAddress.getByName(args[0]) : InetAddress.getLoopbackAddress();
        ServerSocket raw = new ServerSocket(0, 4096, address);
        acceptLoop(raw, Backend::raw);
        System.out.println("raw=" + raw.getLocalPort());
        System.out.flush();
    }

    interface Handler {
        void serve(InputStream in, OutputStream out) throws IOException;
    }

    private static void acceptLoop(ServerSocket server, Handler handler) {
        Thread.ofPlatform().name("accept-" + server.getLocalPort()).start(() -> {
            while (true) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    Thread.ofPlatform().stackSize(256 * 1024).start(() -> {
                        try (s) {
                            handler.serve(s.getInputStream(), s.getOutputStream());
                        } catch (IOException e) {
                            // a client that resets is its own business: the load tools report their errors
                        }
                    });
                } catch (IOException e) {
                    System.err.println("accept: " + e);
                }
            }
        });
    }

    private static void raw(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[256 * 1024];
        for (int cmd; (cmd = in.read()) >= 0; ) {
            switch (cmd) {
                case 'P' -> out.write('p');
                case 'U' -> {
                    for (long left = length(in); left > 0; ) {
                        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (n < 0) {
                            return;
                        }
                        left -= n;
                    }
                    out.write('K');
                }
                case 'D' -> {
                    for (long left = length(in); left > 0; ) {
                        int n = (int) Math.min(buf.length, left);
                        out.write(buf, 0, n);
                        left -= n;
                    }
                }
                default -> throw new IOException("unknown command " + cmd);
            }
        }
    }

    private static long length(InputStream in) throws IOException {
        long n = 0;
        for (int i = 0; i < 8; i++) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in length");
            }
            n = (n << 8) | b;
        }
        return n;
    }
}
