package org.stunneljava.process;

import java.util.List;
import java.util.Map;

/**
 * The variables addressed to this process alone, which a program it starts ({@code exec}) must not inherit: the
 * systemd notification socket and socket-activation variables ({@code sd_notify(3)} and {@code sd_listen_fds(3)}
 * unset them for the same reason: a child would speak for the service) and the daemon marker. Stateless.
 */
public final class ChildEnvironment {
    private static final List<String> OURS = List.of(SystemdNotify.VARIABLE, "LISTEN_FDS", "LISTEN_PID",
            "LISTEN_FDNAMES", DaemonChild.VARIABLE);

    private ChildEnvironment() {
    }

    /** Removes our variables from a child's environment (a {@code ProcessBuilder}'s map). */
    public static void strip(Map<String, String> environment) {
        OURS.forEach(environment::remove);
    }
}
