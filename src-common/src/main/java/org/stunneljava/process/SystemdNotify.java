package org.stunneljava.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketOptions;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * systemd's readiness protocol ({@code sd_notify(3)}) for {@code Type=notify} units: one datagram per state change
 * to the AF_UNIX datagram socket named by {@code $NOTIFY_SOCKET} (a path, or an abstract name written {@code @name}),
 * sent with jnr-unixsocket because the JDK has no unix datagram sockets. Without the variable every call does
 * nothing. The socket is opened when this object is made (before the privilege drop, so jnr's native stub is loaded
 * while the process may still write its temporary directory). A failed send is logged once and otherwise ignored, as
 * {@code sd_notify} callers do: the tunnel must not stop because its supervisor went away. Thread-safe; owns its
 * socket ({@link #close}).
 */
public final class SystemdNotify implements AutoCloseable {
    public static final String VARIABLE = "NOTIFY_SOCKET";
    private static final int SEND_TIMEOUT_MILLIS = 1000;

    private final String socket;
    private final Log log;
    private UnixDatagramChannel channel; // guarded by this; null: disabled
    private UnixSocketAddress target;
    private boolean failedOnce;

    private SystemdNotify(String socket, Log log) {
        this.socket = socket;
        this.log = log;
    }

    /** The notifier of {@code $NOTIFY_SOCKET}, or one that does nothing when the variable is not set. */
    public static SystemdNotify fromEnvironment(Log log) {
        return to(Optional.ofNullable(System.getenv(VARIABLE)).filter(s -> !s.isEmpty()), log);
    }

    /** The notifier of this socket address ({@code /path} or {@code @abstract}); empty: one that does nothing. */
    public static SystemdNotify to(Optional<String> socket, Log log) {
        SystemdNotify notify = new SystemdNotify(socket.orElse(null), log);
        socket.ifPresent(s -> notify.open());
        return notify;
    }

    private synchronized void open() {
        UnixSocketAddress address = address(socket);
        if (address == null) {
            log.log(Severity.WARNING, "systemd notification socket " + socket + " is neither a path nor an"
                    + " abstract @name: systemd will not hear from this process");
            return;
        }
        try {
            channel = UnixDatagramChannel.open();
            channel.setOption(UnixSocketOptions.SO_SNDTIMEO, SEND_TIMEOUT_MILLIS);
            target = address;
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: jnr's native stub could not be loaded (a noexec temporary directory, for one)
            channel = null;
            log.log(Severity.WARNING, "Cannot open a socket to notify systemd (" + socket + "): " + e);
        }
    }

    /** {@code @name} is Linux's abstract namespace: the address starts with a NUL byte instead of the {@code @}. */
    static UnixSocketAddress address(String socket) {
        if (socket.startsWith("@") && socket.length() > 1) {
            return new UnixSocketAddress("\0" + socket.substring(1));
        }
        if (socket.startsWith("/")) {
            return new UnixSocketAddress(socket);
        }
        return null;
    }

    public synchronized boolean enabled() {
        return channel != null;
    }

    /** The services accept connections: {@code READY=1} with this process's pid and a status line. */
    public void ready() {
        send("READY=1\nSTATUS=Accepting connections\nMAINPID=" + ProcessHandle.current().pid());
    }

    /**
     * A daemonizing launch, sent by the launcher (the unit's main process) when its daemon accepts connections:
     * the daemon becomes the main process ({@code MAINPID}) and the unit is ready.
     */
    public void readyAs(long daemonPid) {
        send("MAINPID=" + daemonPid + "\nREADY=1\nSTATUS=Accepting connections");
    }

    /**
     * A reload starts ({@code RELOADING=1} with {@code MONOTONIC_USEC}, which systemd 253+ requires to match the
     * reload to its request); send {@link #ready} once it ended, whatever its result.
     */
    public void reloading() {
        send("RELOADING=1\nSTATUS=Reloading the configuration\nMONOTONIC_USEC=" + Posix.monotonicMicros());
    }

    /** The process is stopping (SIGTERM): systemd then waits for its exit instead of reporting a failure. */
    public void stopping() {
        send("STOPPING=1\nSTATUS=Stopping");
    }

    /** A free-form status line, shown by {@code systemctl status}. */
    public void status(String text) {
        send("STATUS=" + text.replace('\n', ' '));
    }

    private synchronized void send(String message) {
        if (channel == null) {
            return;
        }
        try {
            if (channel.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), target) == 0) {
                failed("timed out");
            }
        } catch (IOException | RuntimeException e) {
            failed(String.valueOf(e.getMessage()));
        }
    }

    private void failed(String reason) {
        if (!failedOnce) {
            failedOnce = true;
            log.log(Severity.WARNING, "Cannot notify systemd through " + socket + ": " + reason);
        }
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // only the descriptor is released; nothing to do about a failure
            }
            channel = null;
        }
    }
}
