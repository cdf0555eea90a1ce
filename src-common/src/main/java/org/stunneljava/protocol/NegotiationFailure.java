package org.stunneljava.protocol;

import java.io.IOException;

/**
 * A protocol exchange failed or ended the connection: stunnel's {@code throw_exception}. The message, when there
 * is one, is the error line to log; {@link #reset} says whether the sockets are reset (most failures) or closed
 * normally (a SOCKS refusal that was answered, an IMAP LOGOUT).
 */
public final class NegotiationFailure extends IOException {
    private final boolean reset;
    private final boolean logged;

    private NegotiationFailure(String message, boolean reset, boolean logged) {
        super(message);
        this.reset = reset;
        this.logged = logged;
    }

    /** Logged as an error; the sockets are reset. */
    public static NegotiationFailure reset(String message) {
        return new NegotiationFailure(message, true, true);
    }

    /** Logged as an error; the sockets are closed normally (the peer was told why). */
    public static NegotiationFailure closed(String message) {
        return new NegotiationFailure(message, false, true);
    }

    /** Already logged (or nothing to log, as stunnel's connect server's 400 answers); the sockets are reset. */
    public static NegotiationFailure quietReset(String why) {
        return new NegotiationFailure(why, true, false);
    }

    /** Already logged (or nothing to log); the sockets are closed normally. */
    public static NegotiationFailure quietClose(String why) {
        return new NegotiationFailure(why, false, false);
    }

    public boolean reset() {
        return reset;
    }

    /** Whether {@link #getMessage} is a line for the log. */
    public boolean logged() {
        return logged;
    }
}
