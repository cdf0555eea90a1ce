package org.stunneljava.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.stunneljava.config.ConnectionOptions;
import org.stunneljava.config.Timeouts;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.net.ClientAddresses;

/**
 * One accepted connection from accept to close. It owns both sockets: {@link #close} (from any thread: a pump, the
 * watchdog, shutdown) records the first reason and closes them, which unblocks every thread of the connection;
 * {@link #finish}, called once by the connection's own thread at the very end, writes the close line. So every
 * connection ends in one place, with one reason.
 */
public final class Connection {
    private final boolean clientMode;
    // Switched at most once, by the connection's own thread, when an SNI virtual service takes it over.
    private volatile String service;
    private volatile Log log;
    private volatile Timeouts timeouts;
    private volatile ConnectionOptions sockets = ConnectionOptions.DEFAULTS;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile CloseReason reason;
    private volatile SocketChannel tlsChannel;
    private volatile SocketChannel plainChannel;
    private volatile boolean fatalAlert;
    private volatile Phase phase = Phase.NEGOTIATING;
    private volatile String busyStep = HANDSHAKE_STEP;
    private volatile long lastActivity = System.nanoTime();
    private volatile ScheduledFuture<?> check;
    private volatile ClientAddresses proxied;
    private final List<AutoCloseable> attached = new CopyOnWriteArrayList<>();
    // Each counter has a single writer (its pump); volatile makes the totals visible to the closing thread.
    private volatile long bytesToTls;
    private volatile long bytesToSocket;

    public Connection(String service, boolean clientMode, Log log, Timeouts timeouts) {
        this.service = service;
        this.clientMode = clientMode;
        this.log = log;
        this.timeouts = timeouts;
    }

    public Log log() {
        return log;
    }

    /**
     * Hands the connection to another service during its handshake (stunnel's SNI switch): later lines carry the new
     * service's name and level, and later phases its timeouts.
     */
    public void switchService(String newService, Log newLog, Timeouts newTimeouts) {
        this.service = newService;
        this.log = newLog;
        this.timeouts = newTimeouts;
    }

    /**
     * As {@link #switchService(String, Log, Timeouts)}, with the new service's socket options and {@code local}
     * for the connection's next hop (stunnel's SNI switch changes every option the connection still uses).
     */
    public void switchService(String newService, Log newLog, Timeouts newTimeouts, ConnectionOptions newSockets) {
        switchService(newService, newLog, newTimeouts);
        this.sockets = newSockets;
    }

    /** The client a load balancer's PROXY header named ({@code acceptProxy}): what headers we send then tell. */
    public void proxied(ClientAddresses addresses) {
        this.proxied = addresses;
    }

    /** The client as the next hop should learn it: the proxied one, else the accepted socket's own addresses. */
    public Optional<ClientAddresses> clientAddresses(SocketChannel accepted) throws IOException {
        ClientAddresses p = proxied;
        return p != null ? Optional.of(p) : ClientAddresses.of(accepted);
    }

    public String service() {
        return service;
    }

    /** The service's {@code socket} options and {@code local}, which the connection's sockets get. */
    public ConnectionOptions sockets() {
        return sockets;
    }

    /** Set once, when the connection is created, to its service's. */
    public void sockets(ConnectionOptions options) {
        this.sockets = options;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    public void tlsChannel(SocketChannel channel) {
        this.tlsChannel = channel;
        closeIfAlreadyClosing(channel);
    }

    public void plainChannel(SocketChannel channel) {
        this.plainChannel = channel;
        closeIfAlreadyClosing(channel);
    }

    /** Something else the connection owns (a program's pipes): closed with the sockets. */
    public void attach(AutoCloseable resource) {
        attached.add(resource);
        if (closing.get()) {
            closeQuietly(resource);
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception ignored) {
            // closing is all that is left
        }
    }

    /** A fatal alert reached the TLS peer: its socket is closed, not reset (stunnel's {@code fatal_alert}). */
    public void fatalAlertSent() {
        this.fatalAlert = true;
    }

    /**
     * After our fatal alert in a handshake: stop sending (a FIN follows the alert) and read what the peer still
     * sends until it closes, for at most {@link #ALERT_LINGER}, before the socket is closed. Closing with unread
     * data makes the kernel send a reset, and a peer still writing its flight (a JDK server writes one record at
     * a time) then gets "Connection reset" instead of our alert. A peer that read the alert closes at once.
     * Called by the connection's own thread.
     */
    public void lingerAfterAlert() {
        SocketChannel channel = tlsChannel;
        if (channel == null || !channel.isOpen() || closing.get()) {
            return;
        }
        try {
            channel.shutdownOutput();
            Socket socket = channel.socket();
            InputStream in = socket.getInputStream();
            byte[] discard = new byte[4096];
            long deadline = System.nanoTime() + ALERT_LINGER.toNanos();
            for (long left = ALERT_LINGER.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000)); // what is left of the one linger
                if (in.read(discard) < 0) {
                    break; // what the peer sent after our alert is of no use; its close is what we waited for
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // timed out, reset, or not a TCP socket: close now
        }
    }

    /** How long a refused peer gets to read our alert and close. */
    static final Duration ALERT_LINGER = Duration.ofSeconds(1);

    /** Enters a phase and re-arms the watchdog for that phase's time limit. */
    public void phase(Phase next) {
        this.phase = next;
        this.busyStep = HANDSHAKE_STEP;
        touch();
        rearm(phaseLimitNanos());
    }

    public Phase phase() {
        return phase;
    }

    private static final String HANDSHAKE_STEP = "ssl_start";

    /**
     * A protocol exchange is about to wait in {@code step} (stunnel's function name, e.g. {@code s_read_eof}): the
     * TIMEOUTbusy line names it, and the time limit counts from now, as stunnel's does per wait.
     */
    public void protocolStep(String step) {
        this.busyStep = step;
        touch();
    }

    void touch() {
        lastActivity = System.nanoTime();
    }

    long lastActivity() {
        return lastActivity;
    }

    void addToTls(long n) {
        bytesToTls += n;
        lastActivity = System.nanoTime();
    }

    void addToSocket(long n) {
        bytesToSocket += n;
        lastActivity = System.nanoTime();
    }

    public long bytesToTls() {
        return bytesToTls;
    }

    public long bytesToSocket() {
        return bytesToSocket;
    }

    long phaseLimitNanos() {
        return switch (phase) {
            case NEGOTIATING -> timeouts.busy().toNanos();
            case CONNECTING -> -1; // the dialer's own TIMEOUTconnect applies per address
            case RELAYING -> timeouts.idle().toNanos();
            case CLOSING -> timeouts.close().toNanos();
        };
    }

    void rearm(long delayNanos) {
        ScheduledFuture<?> previous = check;
        if (previous != null) {
            previous.cancel(false);
        }
        check = delayNanos < 0 || closing.get() ? null : Watchdog.arm(this, delayNanos);
    }

    void timedOut() {
        switch (phase) {
            case NEGOTIATING -> {
                log.log(Severity.INFO, busyStep + ": s_poll_wait: TIMEOUTbusy exceeded: sending reset");
                close(CloseReason.BUSY_TIMEOUT);
            }
            case RELAYING -> {
                log.log(Severity.INFO, "transfer: s_poll_wait: TIMEOUTidle exceeded: sending reset");
                close(CloseReason.IDLE_TIMEOUT);
            }
            case CLOSING -> {
                log.log(Severity.ERR, "transfer: s_poll_wait: TIMEOUTclose exceeded: closing");
                close(CloseReason.CLOSE_TIMEOUT);
            }
            case CONNECTING -> { }
        }
    }

    public boolean isClosing() {
        return closing.get();
    }

    public CloseReason reason() {
        return reason;
    }

    /** Closes both sockets once; the first reason wins. Safe from any thread. */
    public void close(CloseReason why) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        reason = why;
        ScheduledFuture<?> pending = check;
        if (pending != null) {
            pending.cancel(false);
        }
        // In both modes the plaintext socket is reset on error; the TLS one only when no alert explained it.
        shut(plainChannel, why.error());
        shut(tlsChannel, why.error() && !fatalAlert);
        attached.forEach(Connection::closeQuietly);
    }

    /** Writes the close line; called exactly once by the connection's own thread when everything is over. */
    public void finish() {
        close(CloseReason.COMPLETED);
        log.log(Severity.NOTICE, "Connection " + closeStatus() + ": " + bytesToTls + " byte(s) sent to TLS, "
                + bytesToSocket + " byte(s) sent to socket");
    }

    /**
     * stunnel's wording (client.c): with an error, the plaintext socket is reset, and so is the TLS socket unless a
     * fatal alert was sent; "local" is the accepting side.
     */
    String closeStatus() {
        if (!reason.error()) {
            return "closed";
        }
        boolean resetRemote = !fatalAlert || !clientMode;
        boolean resetLocal = !fatalAlert || clientMode;
        if (resetRemote && resetLocal) {
            return "reset";
        }
        return resetRemote ? "reset/closed" : "closed/reset";
    }

    private void closeIfAlreadyClosing(SocketChannel channel) {
        if (closing.get()) {
            shut(channel, true);
        }
    }

    private static void shut(SocketChannel channel, boolean reset) {
        if (channel == null) {
            return;
        }
        try {
            if (reset && channel.isOpen() && channel.getLocalAddress() instanceof java.net.InetSocketAddress) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0); // close() then sends RST
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // already gone: closing is all that is left
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to recover at close
        }
    }
}
