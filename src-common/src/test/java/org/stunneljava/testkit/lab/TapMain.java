package org.stunneljava.testkit.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.stunneljava.origdst.OriginalDestination;

/**
 * A TCP tap of the gateway lab: {@code TapMain BIND_ADDRESS PORT TARGET CAPTURE}, run inside a namespace (with
 * {@code --enable-native-access=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED}, which {@link InNamespace}
 * passes). Prints {@code ready tap port P}, then for connection number n (from 1, in accept order):
 * <ul>
 *   <li>{@code conn n from PEER to LOCAL origdst ORIG}: ORIG is what {@link OriginalDestination} (SO_ORIGINAL_DST)
 *       said, {@code none} when the kernel has none, or {@code error ...};</li>
 *   <li>TARGET {@code HOST:PORT}: forwards the connection there; {@code origdst}: forwards it to its original
 *       destination (a transparent proxy; refused when that is the tap's own address, as conntrack reports for a
 *       connection no rule redirected); {@code echo}: answers itself with the greeting {@code tap PEER} and an
 *       echo, like {@link DestinationMain};</li>
 *   <li>{@code conn n client HEX} and {@code conn n server HEX}: the first CAPTURE bytes each side sent (fewer when
 *       it ended sooner), e.g. the ClientHello of a TLS client;</li>
 *   <li>{@code conn n closed client-bytes A server-bytes B}, or {@code conn n failed REASON}.</li>
 * </ul>
 * Runs until killed.
 */
public final class TapMain {
    private TapMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: TapMain BIND_ADDRESS PORT HOST:PORT|origdst|echo CAPTURE_BYTES");
            System.exit(2);
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(Lines.address(args[0]), Integer.parseInt(args[1])), 256);
        String target = args[2];
        int capture = Integer.parseInt(args[3]);
        Lines.say("ready tap port " + ((InetSocketAddress) server.getLocalAddress()).getPort());
        AtomicInteger count = new AtomicInteger();
        while (true) {
            SocketChannel c = server.accept();
            int n = count.incrementAndGet();
            Thread.ofVirtual().start(() -> serve(n, c, target, capture));
        }
    }

    private static void serve(int n, SocketChannel client, String target, int capture) {
        try (client) {
            InetSocketAddress peer = (InetSocketAddress) client.getRemoteAddress();
            Optional<InetSocketAddress> original = Optional.empty();
            String originalText;
            try {
                original = OriginalDestination.of(client);
                originalText = original.map(Lines::text).orElse("none");
            } catch (IOException | RuntimeException e) {
                originalText = "error " + e.getMessage();
            }
            Lines.say("conn " + n + " from " + Lines.text(peer) + " to "
                    + Lines.text((InetSocketAddress) client.getLocalAddress()) + " origdst " + originalText);
            Socket down = client.socket();
            down.setTcpNoDelay(true);
            if (target.equals("echo")) {
                byte[] greeting = ("tap " + Lines.text(peer) + "\n").getBytes(StandardCharsets.US_ASCII);
                down.getOutputStream().write(greeting);
                long echoed = pump(n, "client", down.getInputStream(), down, capture);
                long answered = greeting.length + echoed;
                Lines.say("conn " + n + " closed client-bytes " + echoed + " server-bytes " + answered);
                return;
            }
            InetSocketAddress to = target.equals("origdst") ? original.orElse(null) : Lines.socketAddress(target);
            if (to == null) {
                Lines.say("conn " + n + " failed no original destination to forward to");
                return;
            }
            if (to.equals(client.getLocalAddress())) {
                // conntrack reports a connection no rule redirected as going where it went: to us. Forwarding it
                // would connect to ourselves without end.
                Lines.say("conn " + n + " failed original destination is the tap itself (not redirected)");
                return;
            }
            forward(n, down, to, capture);
        } catch (IOException | RuntimeException e) {
            Lines.say("conn " + n + " failed " + e);
        }
    }

    private static void forward(int n, Socket down, InetSocketAddress to, int capture) throws IOException {
        try (Socket up = new Socket()) {
            up.connect(to, 10_000);
            up.setTcpNoDelay(true);
            long[] fromServer = new long[1];
            Thread back = Thread.ofVirtual().start(() -> {
                try {
                    fromServer[0] = pump(n, "server", up.getInputStream(), down, capture);
                } catch (IOException e) {
                    Lines.say("conn " + n + " server side " + e);
                }
            });
            long fromClient = pump(n, "client", down.getInputStream(), up, capture);
            back.join();
            Lines.say("conn " + n + " closed client-bytes " + fromClient + " server-bytes " + fromServer[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Copies until end of stream, then half-closes {@code to}; prints the first {@code capture} bytes as hex once
     * it has them (or at the end, with what there was).
     */
    private static long pump(int n, String side, InputStream in, Socket to, int capture) throws IOException {
        OutputStream out = to.getOutputStream();
        byte[] seen = new byte[capture];
        int kept = 0;
        boolean told = capture == 0;
        long total = 0;
        byte[] buf = new byte[16384];
        for (int r; (r = in.read(buf)) >= 0; ) {
            if (kept < capture) {
                int take = Math.min(r, capture - kept);
                System.arraycopy(buf, 0, seen, kept, take);
                kept += take;
            }
            if (!told && kept == capture) {
                Lines.say("conn " + n + " " + side + " " + HexFormat.of().formatHex(seen));
                told = true;
            }
            out.write(buf, 0, r);
            total += r;
        }
        if (!told) {
            Lines.say("conn " + n + " " + side + " " + HexFormat.of().formatHex(Arrays.copyOf(seen, kept)));
        }
        to.shutdownOutput();
        return total;
    }
}
