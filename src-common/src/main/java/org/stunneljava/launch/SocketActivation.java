package org.stunneljava.launch;

import java.util.Map;

/**
 * systemd socket activation ({@code LISTEN_FDS}/{@code LISTEN_PID}) is not supported: the JDK cannot turn an
 * inherited descriptor other than 0 into a {@code ServerSocketChannel} without reaching into its internals (see the
 * README, "Running in production"). Sockets passed to this process would otherwise sit unused while the program
 * binds the same addresses itself and fails with "Address already in use", so a start with such sockets is
 * refused with the reason. Descriptors meant for another process ({@code LISTEN_PID} not ours) are none of our
 * business, as for {@code sd_listen_fds(3)}. Stateless.
 */
final class SocketActivation {
    private SocketActivation() {
    }

    static void refuse() throws StartupException {
        refuse(System.getenv(), ProcessHandle.current().pid());
    }

    static void refuse(Map<String, String> environment, long pid) throws StartupException {
        String fds = environment.get("LISTEN_FDS");
        String forPid = environment.get("LISTEN_PID");
        if (fds == null || forPid == null || !forPid.equals(Long.toString(pid))) {
            return;
        }
        int count;
        try {
            count = Integer.parseInt(fds);
        } catch (NumberFormatException e) {
            return; // sd_listen_fds would fail with EINVAL; nothing usable was passed
        }
        if (count > 0) {
            throw new StartupException("Systemd socket activation is not supported by stunnel-java (" + count
                    + " descriptor(s) received): remove the .socket unit and let the program bind its \"accept\""
                    + " addresses (AmbientCapabilities=CAP_NET_BIND_SERVICE for ports below 1024)");
        }
    }
}
