package org.stunneljava.relay;

import java.io.IOException;
import org.stunneljava.log.Severity;
import org.stunneljava.net.SocketErrors;

/**
 * Moves bytes both ways between the TLS side and the plaintext side with two pumps, one per direction, each on its
 * own virtual thread and each writing all it read before reading again (backpressure for free). At EOF a pump
 * half-closes only its direction; the relay returns when both directions are done or the connection was closed.
 */
public final class Relay {
    private Relay() {
    }

    /** Runs on the connection's own thread; returns when both pumps have stopped. */
    public static void run(Connection connection, Side tls, Side plain) throws InterruptedException {
        connection.phase(Phase.RELAYING);
        Thread toTls = Thread.ofVirtual().name("pump").start(() -> pump(connection, plain, tls, true));
        pump(connection, tls, plain, false);
        toTls.join();
        connection.close(CloseReason.COMPLETED);
    }

    private static void pump(Connection connection, Side from, Side to, boolean towardsTls) {
        PumpBuffer buffer = new PumpBuffer(towardsTls);
        try {
            while (true) {
                byte[] buf = buffer.next();
                int n = from.read(buf, 0, buf.length);
                if (n < 0) {
                    break;
                }
                if (n == PumpBuffer.SMALL && buf.length == PumpBuffer.SMALL && from.available() > 0) {
                    // A TLS record larger than the small buffer: take its rest now and write it once. Without
                    // this, every bulk record went out in two writes (1 KB + 15 KB: the burst rule releases the
                    // large buffer after each short read) and bulk client->backend cost 2 write syscalls a record.
                    buf = buffer.grow(buf, n);
                    n += Math.max(0, from.read(buf, n, buf.length - n));
                }
                to.write(buf, 0, n);
                if (towardsTls) {
                    connection.addToTls(n);
                } else {
                    connection.addToSocket(n);
                }
                buffer.filled(buf, n);
            }
        } catch (IOException e) {
            failed(connection, e, towardsTls ? "socket -> TLS" : "TLS -> socket");
            return;
        } finally {
            buffer.release();
        }
        endOfStream(connection, to);
    }

    private static void endOfStream(Connection connection, Side to) {
        try {
            to.shutdownOutput();
        } catch (IOException e) {
            // the other peer is already gone; the other pump will see it too
            connection.log().log(Severity.DEBUG, "shutdown: " + SocketErrors.describe(e));
        }
        synchronized (connection) {
            if (connection.phase() == Phase.CLOSING) {
                connection.close(CloseReason.COMPLETED); // both directions done
            } else if (!connection.isClosing()) {
                connection.phase(Phase.CLOSING);
            }
        }
    }

    private static void failed(Connection connection, IOException e, String direction) {
        if (connection.isClosing()) {
            return; // our own close unblocked this pump
        }
        boolean reset = SocketErrors.isPeerReset(e);
        connection.log().log(reset ? Severity.DEBUG : Severity.ERR, "transfer (" + direction + "): "
                + SocketErrors.describe(e));
        connection.close(reset ? CloseReason.PEER_RESET : CloseReason.IO_ERROR);
    }
}
