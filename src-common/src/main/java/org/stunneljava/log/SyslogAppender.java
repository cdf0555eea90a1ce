package org.stunneljava.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketOptions;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Sends each event as one datagram to the local syslog socket ({@code /dev/log}, an AF_UNIX datagram socket the
 * JDK cannot open, hence jnr-unixsocket), in the form stunnel's {@code syslog(3)} call produces. Owns its socket
 * and closes it in {@link #stop}. Never throws and never blocks for long: a send that fails (no socket, no
 * reader) or takes longer than {@link #SEND_TIMEOUT_MILLIS} drops the message, writes one note for the whole
 * life of the appender, and further messages are dropped without trying for {@link #RETRY_AFTER_MILLIS}, so a
 * stuck syslog daemon costs at most one timeout per second. Meant to sit behind an async appender, whose
 * thread also opens the socket on the first message.
 * Instantiated directly (no log4j plugin).
 */
public final class SyslogAppender extends AbstractAppender {
    static final int SEND_TIMEOUT_MILLIS = 100;
    static final long RETRY_AFTER_MILLIS = 1000;

    private final Path socket;
    private final SyslogFormat format;
    private final Consumer<String> note;
    private final LongSupplier nanoTime;
    private boolean opened;
    private UnixDatagramChannel channel;
    private UnixSocketAddress target;
    private boolean noted;
    private long pausedUntil;
    private boolean paused;

    /**
     * @param socket the syslog socket, normally {@code /dev/log}
     * @param note   receives the one note about dropped messages (stderr in production)
     */
    public SyslogAppender(String name, Path socket, SyslogFormat format, Consumer<String> note) {
        this(name, socket, format, note, System::nanoTime);
    }

    SyslogAppender(String name, Path socket, SyslogFormat format, Consumer<String> note, LongSupplier nanoTime) {
        super(name, null, null, true, Property.EMPTY_ARRAY);
        this.socket = socket;
        this.format = format;
        this.note = note;
        this.nanoTime = nanoTime;
    }

    /** Opens the socket on first use, on the queue's thread: loading jnr's native stubs takes most of a second. */
    private boolean open() {
        if (opened) {
            return channel != null;
        }
        opened = true;
        try {
            channel = UnixDatagramChannel.open();
            channel.setOption(UnixSocketOptions.SO_SNDTIMEO, SEND_TIMEOUT_MILLIS);
            target = new UnixSocketAddress(socket.toFile());
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: jnr's native stub could not be loaded (for example a noexec temp dir).
            closeChannel();
            failed("cannot open a unix datagram socket: " + e);
        }
        return channel != null;
    }

    @Override
    public synchronized void append(LogEvent event) {
        if (!open() || paused && nanoTime.getAsLong() - pausedUntil < 0) {
            return;
        }
        paused = false;
        try {
            if (channel.send(ByteBuffer.wrap(format.datagram(StunnelLayout.lineOf(event))), target) == 0) {
                failed("sending to " + socket + " timed out");
            }
        } catch (IOException | RuntimeException e) {
            failed("cannot send to " + socket + ": " + e.getMessage());
        }
    }

    private void failed(String reason) {
        paused = true;
        pausedUntil = nanoTime.getAsLong() + RETRY_AFTER_MILLIS * 1_000_000;
        if (!noted) {
            noted = true;
            note.accept("syslog: " + reason + "; syslog messages are dropped while this lasts");
        }
    }

    @Override
    public synchronized boolean stop(long timeout, TimeUnit unit) {
        setStopping();
        closeChannel();
        setStopped();
        return true;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing a datagram socket only releases the descriptor; nothing can be done about a failure.
            }
            channel = null;
        }
    }
}
