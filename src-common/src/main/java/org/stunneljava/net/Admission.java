package org.stunneljava.net;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * Whether a service takes one more accepted connection: the process's limit and then the service's own must both
 * have room (stunnel's check in accept_connection, plus our per-service cap). A refused connection is closed at
 * once with a plain close (the client sees a FIN, or a reset if it had already sent data) and stunnel's warning
 * {@code Connection rejected: too many clients (>=N)}, naming the limit that was reached; connections already
 * open are not touched. An admitted connection is uncounted when it ends: by {@link #finished} right after its
 * close line (stunnel's {@code Service [x] finished (N left)}), or at the latest when its handler returns.
 * Thread-safe; one per service, shared by its listeners.
 */
public final class Admission {
    /** The admission of the connection the current thread runs, bound by the {@link Acceptor} for its handler. */
    static final ScopedValue<Ticket> CURRENT = ScopedValue.newInstance();

    private final String service;
    private final ClientLimit global;
    private final ClientLimit own;

    /**
     * @param global the process's limit, shared by every service
     * @param own    this service's own cap ({@code ClientLimit.of(0)} for none)
     */
    public Admission(String service, ClientLimit global, ClientLimit own) {
        this.service = service;
        this.global = global;
        this.own = own;
    }

    /** No limit at all and no debug line (tests, tools). */
    public static Admission unlimited() {
        return new Admission(null, ClientLimit.of(0), ClientLimit.of(0));
    }

    /** This service's own cap, 0 for none. */
    public int ownMax() {
        return own.max();
    }

    /** One admitted connection's place in the counts; released once, whoever comes first. */
    public final class Ticket {
        private final AtomicBoolean released = new AtomicBoolean();

        private Ticket() {
        }

        /** @return whether this call released it (false: already released) */
        public boolean release() {
            if (!released.compareAndSet(false, true)) {
                return false;
            }
            own.release();
            global.release();
            return true;
        }

        /** Connections the process still counts. */
        int left() {
            return global.open();
        }
    }

    /**
     * Uncounts the current thread's connection (the one its {@link Acceptor} admitted, if any) and logs stunnel's
     * {@code Service [NAME] finished (N left)}: called once the connection has written its close line.
     *
     * @param service the name the connection ended under (an SNI virtual service's, after a switch)
     * @param log     the connection's log
     */
    public static void finished(String service, Log log) {
        if (CURRENT.isBound() && CURRENT.get().release()) {
            log.log(Severity.DEBUG, "Service [" + service + "] finished (" + CURRENT.get().left() + " left)");
        }
    }

    /**
     * Counts {@code accepted} in, or refuses it.
     *
     * @param log the acceptor's log (stunnel logs these lines in its {@code [ui]} context)
     * @return the connection's place in the counts, to be released when it ends; null when it was refused and
     *         closed
     */
    public Ticket admit(SocketChannel accepted, Log log) {
        if (service != null && log.enabled(Severity.DEBUG)) {
            log.log(Severity.DEBUG, "Service [" + service + "] accepted (FD=" + NativeFd.of(accepted) + ") from "
                    + peer(accepted));
        }
        if (!global.tryAcquire()) {
            return refuse(accepted, global.max(), log);
        }
        if (!own.tryAcquire()) {
            global.release();
            return refuse(accepted, own.max(), log);
        }
        return new Ticket();
    }

    private static Ticket refuse(SocketChannel accepted, int limit, Log log) {
        log.log(Severity.WARNING, "Connection rejected: too many clients (>=" + limit + ")");
        try {
            accepted.close();
        } catch (IOException ignored) {
            // already gone
        }
        return null;
    }

    private static String peer(SocketChannel accepted) {
        try {
            return Addresses.text(accepted.getRemoteAddress());
        } catch (IOException e) {
            return "unknown address";
        }
    }
}
