package org.stunneljava.tls;

import java.net.SocketAddress;

/**
 * What a server remembers about one TLS session beyond Bouncy Castle's parameters, shared by every connection that
 * resumes it (stunnel keeps the same in the session's ex_data): the backend its last connection went to
 * (session persistence) and whether its connections go to the {@code redirect} target.
 *
 * <p>{@link #redirected} must be decided during the handshake, before the client's Finished (for example where the
 * client certificate is checked): a session ticket is sealed right after it, with the value set then, and a
 * ticket is what carries the decision across restarts and servers. The backend is only known after the handshake,
 * so it lives in this process's session cache alone, as in stunnel 5.68 (its tickets carry no address either).
 * Thread-safe.
 */
public final class SessionState {
    private volatile SocketAddress backend;
    private volatile boolean redirected;

    public SessionState() {
    }

    SessionState(boolean redirected) {
        this.redirected = redirected;
    }

    /** The backend the session's last connection used, or null when none is known. */
    public SocketAddress backend() {
        return backend;
    }

    public void backend(SocketAddress address) {
        this.backend = address;
    }

    /** true: this session failed authentication and its connections go to {@code redirect} (stunnel's semantics). */
    public boolean redirected() {
        return redirected;
    }

    public void redirected(boolean value) {
        this.redirected = value;
    }
}
