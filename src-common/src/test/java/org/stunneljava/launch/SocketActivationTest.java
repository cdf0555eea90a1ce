package org.stunneljava.launch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sockets passed by systemd are refused only when they are for this process, as sd_listen_fds(3) decides. */
class SocketActivationTest {
    @Test
    void SocketsForThisProcessAreRefusedWithTheReason() {
        StartupException e = assertThrows(StartupException.class,
                () -> SocketActivation.refuse(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "77"), 77));
        assertEquals(List.of("Systemd socket activation is not supported by stunnel-java (2 descriptor(s) received):"
                + " remove the .socket unit and let the program bind its \"accept\" addresses"
                + " (AmbientCapabilities=CAP_NET_BIND_SERVICE for ports below 1024)"), e.lines());
    }

    @Test
    void SocketsForAnotherProcessNoneOrGarbageAreNoneOfOurBusiness() {
        assertDoesNotThrow(() -> SocketActivation.refuse(Map.of(), 77));
        assertDoesNotThrow(() -> SocketActivation.refuse(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "78"), 77));
        assertDoesNotThrow(() -> SocketActivation.refuse(Map.of("LISTEN_FDS", "0", "LISTEN_PID", "77"), 77));
        assertDoesNotThrow(() -> SocketActivation.refuse(Map.of("LISTEN_FDS", "x", "LISTEN_PID", "77"), 77));
        assertDoesNotThrow(() -> SocketActivation.refuse(Map.of("LISTEN_FDS", "1"), 77));
    }
}
