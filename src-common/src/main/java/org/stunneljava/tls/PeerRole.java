package org.stunneljava.tls;

/**
 * What the peer whose certificate is verified is. OpenSSL checks the certificate purpose accordingly
 * ({@code ssl_server} or {@code ssl_client}: extended key usage serverAuth or clientAuth when present).
 */
public enum PeerRole {
    /** We are the TLS client ({@code client = yes}); the peer is a server. */
    SERVER,
    /** We are the TLS server; the peer is a client presenting a client certificate. */
    CLIENT
}
