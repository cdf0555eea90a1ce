package org.stunneljava.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An exec program must not speak for the service to systemd, nor take itself for our daemon. */
class ChildEnvironmentTest {
    @Test
    void OurVariablesAreRemovedAndTheRestKept() {
        Map<String, String> env = new HashMap<>(Map.of("NOTIFY_SOCKET", "@x", "LISTEN_FDS", "1", "LISTEN_PID", "7",
                "LISTEN_FDNAMES", "a", "STUNNEL_JAVA_DAEMON", "line", "PATH", "/bin", "REMOTE_HOST", "127.0.0.1"));
        ChildEnvironment.strip(env);
        assertEquals(Map.of("PATH", "/bin", "REMOTE_HOST", "127.0.0.1"), env);
    }
}
