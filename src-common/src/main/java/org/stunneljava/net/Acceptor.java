package org.stunneljava.net;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.relay.AcceptedHandler;

/**
 * Accepts connections on one listening socket and hands each to the service's handler on a new virtual thread,
 * once the connection limits admit it ({@link Admission}): the connection is counted from accept until its handler
 * returns. Accept errors (EMFILE under load, ENOBUFS) do not end the loop: like stunnel, it logs and pauses
 * accepting for a second. Closing the listener ends the loop.
 */
public final class Acceptor implements Runnable {
    private final ServerSocketChannel listener;
    private final AcceptedHandler handler;
    private final Log log;
    private final Admission admission;

    /** Without connection limits. */
    public Acceptor(ServerSocketChannel listener, AcceptedHandler handler, Log log) {
        this(listener, handler, log, Admission.unlimited());
    }

    public Acceptor(ServerSocketChannel listener, AcceptedHandler handler, Log log, Admission admission) {
        this.listener = listener;
        this.handler = handler;
        this.log = log;
        this.admission = admission;
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
            Admission.Ticket ticket = admission.admit(accepted, log);
            if (ticket == null) {
                continue; // refused: logged and closed
            }
            start(accepted, ticket);
        }
    }

    /**
     * The handler runs with its ticket bound, so that the connection is uncounted right after its close line
     * ({@link Admission#finished}); the finally here covers a handler that ends without one.
     */
    private void start(SocketChannel accepted, Admission.Ticket ticket) {
        try {
            Thread.ofVirtual().name("conn").start(() -> {
                try {
                    ScopedValue.where(Admission.CURRENT, ticket).run(() -> handler.handle(accepted));
                } finally {
                    ticket.release();
                }
            });
        } catch (RuntimeException | OutOfMemoryError e) { // no thread: the connection never started
            ticket.release();
            throw e;
        }
    }

    /** BC flushes each record; Nagle plus delayed ACK would add 40 ms to every handshake round trip. */
    private static void pause() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
