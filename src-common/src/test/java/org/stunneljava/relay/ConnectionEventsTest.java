package org.stunneljava.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stunneljava.config.Timeouts;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.tls.HandshakeRecord;

/** {@link ConnectionEvents#all}: every event reaches every listener, in order. */
class ConnectionEventsTest {
    @Test
    void everyEventReachesEveryListenerInOrder() {
        List<String> heard = new ArrayList<>();
        ConnectionEvents all = ConnectionEvents.all(List.of(recorder("a", heard), recorder("b", heard)));
        Connection c = new Connection("s", false, new RecordingLog(), Timeouts.DEFAULTS);

        all.opened(c);
        all.handshakeCompleted(c, new HandshakeRecord());
        all.handshakeFailed(c, HandshakeFailure.Reason.EOF);
        all.connectFailed(c);
        all.closed(c);

        assertEquals(List.of("a opened", "b opened", "a completed", "b completed", "a failed eof", "b failed eof",
                "a connect", "b connect", "a closed", "b closed"), heard);
    }

    private static ConnectionEvents recorder(String name, List<String> heard) {
        return new ConnectionEvents() {
            @Override
            public void opened(Connection connection) {
                heard.add(name + " opened");
            }

            @Override
            public void closed(Connection connection) {
                heard.add(name + " closed");
            }

            @Override
            public void handshakeCompleted(Connection connection, HandshakeRecord record) {
                heard.add(name + " completed");
            }

            @Override
            public void handshakeFailed(Connection connection, HandshakeFailure.Reason reason) {
                heard.add(name + " failed " + reason.label());
            }

            @Override
            public void connectFailed(Connection connection) {
                heard.add(name + " connect");
            }
        };
    }
}
