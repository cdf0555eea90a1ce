package org.stunneljava.status;

import java.util.Map;
import org.stunneljava.relay.CloseReason;
import org.stunneljava.relay.HandshakeFailure;

/**
 * One service's values at one scrape.
 *
 * @param accepted        connections accepted since start (admitted by the connection limits)
 * @param open            connections open now
 * @param handshakes      TLS handshakes completed
 * @param resumed         of those, the ones that resumed a session
 * @param handshakeFailed failed handshakes by reason, every reason present
 * @param closed          closed connections by reason, every reason present
 * @param toTls           bytes sent to the TLS side, closed and open connections
 * @param toSocket        bytes sent to the plaintext side, closed and open connections
 * @param connectFailures connections whose next hop could not be connected (every address failed)
 */
public record ServiceSample(String service, long accepted, long open, long handshakes, long resumed,
                            Map<HandshakeFailure.Reason, Long> handshakeFailed, Map<CloseReason, Long> closed,
                            long toTls, long toSocket, long connectFailures) {
    public ServiceSample {
        handshakeFailed = Map.copyOf(handshakeFailed);
        closed = Map.copyOf(closed);
    }
}
