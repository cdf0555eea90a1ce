package org.stunneljava.relay;

/** Where a connection is in its lifecycle; each phase has its own time limit (see {@link Connection}). */
public enum Phase {
    /** TLS handshake or a protocol negotiation: TIMEOUTbusy. */
    NEGOTIATING,
    /** Connecting the next hop: bounded by TIMEOUTconnect per address inside the dialer. */
    CONNECTING,
    /** Both directions open: TIMEOUTidle. */
    RELAYING,
    /** One direction finished: TIMEOUTclose. */
    CLOSING
}
