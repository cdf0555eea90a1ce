package org.stunneljava.relay;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import org.stunneljava.tls.HandshakeRecord;

/**
 * The places later features plug into a connection's lifecycle without changing it: a protocol step on the
 * socket before TLS (STARTTLS, HTTP CONNECT), an authorization decision after the handshake that sees the peer
 * certificate and the ClientHello extensions (the original-destination allow-list), and a preamble written to the
 * next hop before relaying (PROXY header). Immutable; shared by every connection of a service.
 */
public record ConnectionHooks(BeforeTls beforeTls, Authorize authorize, Preamble preamble) {
    public static final ConnectionHooks NONE =
            new ConnectionHooks((c, ch) -> { }, (c, h) -> Optional.empty(), (c, next) -> { });

    /** Runs on the socket that will carry TLS, before the handshake; bounded by TIMEOUTbusy. */
    @FunctionalInterface
    public interface BeforeTls {
        void run(Connection connection, SocketChannel tlsSocket) throws IOException;
    }

    /** After a completed handshake: empty to allow, or the reason to refuse (logged as a warning). */
    @FunctionalInterface
    public interface Authorize {
        Optional<String> refusal(Connection connection, HandshakeRecord handshake);
    }

    /** Written to the next hop (the plaintext side in server mode) before any relayed byte. */
    @FunctionalInterface
    public interface Preamble {
        void write(Connection connection, Side next) throws IOException;
    }

    public ConnectionHooks withAuthorize(Authorize a) {
        return new ConnectionHooks(beforeTls, a, preamble);
    }

    public ConnectionHooks withPreamble(Preamble p) {
        return new ConnectionHooks(beforeTls, authorize, p);
    }

    public ConnectionHooks withBeforeTls(BeforeTls b) {
        return new ConnectionHooks(b, authorize, preamble);
    }
}
