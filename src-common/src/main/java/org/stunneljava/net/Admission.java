package org.stunneljava.net;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * Whether a service takes one more accepted connection: the process's limit and then the service's own must both
 * have room (stunnel's check in accept_connection, plus our per-service cap). A refused connection is closed at
 * once with a plain close (the client sees a FIN, or a reset if it had already sent data) and stunnel's warning
 * {@code Connection rejected: too many clients (>=N)}, naming the limit that was reached; connections already
 * open are not touched. Thread-safe; one per service, shared by its listeners.
 */
public final class Admission {
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

    /**
     * Counts {@code accepted} in, or refuses it.
     *
     * @param log the acceptor's log (stunnel logs these lines in its {@code [ui]} context)
     * @return what uncounts the connection when it ends, to be run exactly once; null when it was refused and
     *         closed
     */
    public Runnable admit(SocketChannel accepted, Log log) {
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
        return () -> {
            own.release();
            global.release();
        };
    }

    private static Runnable refuse(SocketChannel accepted, int limit, Log log) {
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
