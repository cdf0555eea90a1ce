package org.stunneljava.net.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.Failover;
import org.stunneljava.log.Log;
import org.stunneljava.log.LogText;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Addresses;
import org.stunneljava.net.Dialer;
import org.stunneljava.net.Persistence;

/**
 * The tunnel host's part of the transparent-source lab, without TLS: for each {@code LISTEN=TARGET} argument it
 * accepts on LISTEN and, per connection, dials TARGET with {@link Dialer} from the client's own address
 * ({@code transparent = source}), then copies what the target sends back to the client. Logs as stunnel does,
 * {@code LOG<n>[<connection>]: text}, on stdout; {@code --timeout MS} is TIMEOUTconnect. Runs until killed.
 */
public final class SourceHop {
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    private SourceHop() {
    }

    public static void main(String[] args) throws IOException {
        Duration timeout = Duration.ofMillis(Long.parseLong(args[1]));
        for (String arg : List.of(args).subList(2, args.length)) {
            String[] pair = arg.split("=", 2);
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(Hosts.parse(pair[0]));
            InetSocketAddress target = Hosts.parse(pair[1]);
            Dialer dialer = new Dialer(List.of(new Endpoint.Tcp(target.getAddress().getHostAddress(),
                    target.getPort())), false, Failover.PRIO, timeout);
            System.out.println("listening " + Addresses.text(server.getLocalAddress()));
            Thread.ofPlatform().start(() -> serve(server, dialer));
        }
    }

    private static void serve(ServerSocketChannel server, Dialer dialer) {
        while (true) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().start(() -> relay(client, dialer, new StdoutLog(CONNECTIONS.getAndIncrement())));
            } catch (IOException e) {
                System.out.println("accept: " + e);
                return;
            }
        }
    }

    private static void relay(SocketChannel client, Dialer dialer, Log log) {
        try (client) {
            SocketAddress source = client.getRemoteAddress();
            log.log(Severity.NOTICE, "accepted connection from " + Addresses.text(source));
            try (SocketChannel next = dialer.connect(log, Persistence.NONE, source)) {
                log.log(Severity.NOTICE, "connected remote server from " + Addresses.text(next.getLocalAddress()));
                next.socket().getInputStream().transferTo(client.socket().getOutputStream());
            }
        } catch (IOException e) {
            log.log(Severity.NOTICE, "Connection reset: " + e.getMessage());
        }
    }

    /** stunnel's line shape on stdout, every level. */
    private record StdoutLog(int connection) implements Log {
        @Override
        public String id() {
            return Integer.toString(connection);
        }

        @Override
        public boolean enabled(Severity severity) {
            return true;
        }

        @Override
        public void log(Severity severity, String text, Throwable thrown) {
            System.out.println("LOG" + severity.level() + "[" + connection + "]: " + LogText.clean(text));
        }
    }
}
