package org.stunneljava.net;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.relay.AcceptedHandler;
import org.stunneljava.relay.ConnectionEvents;

/**
 * Accepts connections on one listening socket and hands each to the service's handler on a new virtual thread,
 * once the connection limits admit it ({@link Admission}): the connection is counted from accept until its handler
 * returns. Accept errors (EMFILE under load, ENOBUFS) do not end the loop: like stunnel, it logs and pauses
 * accepting for a second. Closing the listener ends the loop. The service a listener serves may change while it
 * runs (a reload): each accepted connection is handed to the {@link Route} current at its accept, and keeps it.
 */
public final class Acceptor implements Runnable {
    /** Where an accepted connection goes: its service's handler and connection limits. */
    public record Route(AcceptedHandler handler, Admission admission) {
    }

    private final ServerSocketChannel listener;
    private final Supplier<Route> route;
    private final Log log;
    private final ConnectionEvents events;

    /** Without connection limits. */
    public Acceptor(ServerSocketChannel listener, AcceptedHandler handler, Log log) {
        this(listener, handler, log, Admission.unlimited());
    }

    public Acceptor(ServerSocketChannel listener, AcceptedHandler handler, Log log, Admission admission) {
        Route fixed = new Route(handler, admission);
        this(listener, () -> fixed, log, ConnectionEvents.NONE);
    }

    /**
     * @param route  read at each accept: the running program's current route for this listener
     * @param events told of every connection this listener admits
     */
    public Acceptor(ServerSocketChannel listener, Supplier<Route> route, Log log, ConnectionEvents events) {
        this.listener = listener;
        this.route = route;
        this.log = log;
        this.events = events;
    }

    @Override
    public void run() {
        while (listener.isOpen()) {
            SocketChannel accepted;
            try {
                accepted = listener.accept();
            } catch (ClosedChannelException e) { // includes AsynchronousCloseException: the listener was closed
                return;
            } catch (IOException e) {
                log.log(Severity.ERR, "accept: " + SocketErrors.describe(e));
                log.log(Severity.WARNING, "Accepting new connections suspended for 1 second");
                pause();
                continue;
            }
            Route current = route.get();
            Admission.Ticket ticket = current.admission().admit(accepted, log);
            if (ticket == null) {
                continue; // refused: logged and closed
            }
            start(accepted, current.handler(), ticket);
        }
    }

    /**
     * The handler runs with its ticket bound, so that the connection is uncounted right after its close line
     * ({@link Admission#finished}); the finally here covers a handler that ends without one.
     */
    private void start(SocketChannel accepted, AcceptedHandler handler, Admission.Ticket ticket) {
        try {
            Thread.ofVirtual().name("conn").start(() -> {
                try {
                    ScopedValue.where(Admission.CURRENT, ticket).where(ConnectionEvents.CURRENT, events)
                            .run(() -> handler.handle(accepted));
                } finally {
                    ticket.release();
                }
            });
        } catch (RuntimeException | OutOfMemoryError e) { // no thread: the connection never started
            ticket.release();
            try {
                accepted.close();
            } catch (IOException ignored) {
                // it is being dropped anyway
            }
            // the listener goes on, as after a failed accept
            log.log(Severity.ERR, "Connection thread not started: " + e);
            log.log(Severity.WARNING, "Accepting new connections suspended for 1 second");
            pause();
        }
    }

    /** stunnel sleeps a second after a failed accept, so a full descriptor table is not retried in a busy loop. */
    private static void pause() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
