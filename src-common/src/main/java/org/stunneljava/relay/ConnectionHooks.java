package org.stunneljava.relay;

import java.util.Optional;
import org.stunneljava.tls.HandshakeRecord;

/**
 * An authorization decision after a completed handshake, which sees the peer certificate and the ClientHello
 * extensions: the seam for access policies that are not stunnel options. Protocol exchanges around the handshake
 * are the service's negotiator ({@code org.stunneljava.protocol}). Immutable; shared by every connection of a
 * service.
 */
public record ConnectionHooks(Authorize authorize) {
    public static final ConnectionHooks NONE = new ConnectionHooks((c, h) -> Optional.empty());

    /** After a completed handshake: empty to allow, or the reason to refuse (logged as a warning). */
    @FunctionalInterface
    public interface Authorize {
        Optional<String> refusal(Connection connection, HandshakeRecord handshake);
    }

    public ConnectionHooks withAuthorize(Authorize a) {
        return new ConnectionHooks(a);
    }
}
