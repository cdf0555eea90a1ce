package org.stunneljava.log;

import org.apache.logging.log4j.message.Message;

/**
 * The log4j message that carries a {@link LogLine} through log4j to the stunnel layouts, which need its own
 * time stamp, severity and id. Immutable, so log4j's async appender can queue it as is.
 */
public final class StunnelMessage implements Message {
    private final LogLine line;

    public StunnelMessage(LogLine line) {
        this.line = line;
    }

    public LogLine line() {
        return line;
    }

    @Override
    public String getFormattedMessage() {
        return line.text();
    }

    @Override
    public Object[] getParameters() {
        return null;
    }

    @Override
    public Throwable getThrowable() {
        return line.thrown();
    }
}
