package org.stunneljava.tls;

/**
 * What the peer whose certificate is verified is. OpenSSL checks the certificate purpose accordingly
 * ({@code ssl_server} or {@code ssl_client}: extended key usage serverAuth or clientAuth when present).
 */
public enum PeerRole {
    /** We are the TLS client ({@code client = yes}); the peer is a server. */
    SERVER,
    /** We are the TLS server; the peer is a client presenting a client certificate. */
    CLIENT,
    /**
     * Not a TLS peer: the signer of an OCSP response ({@code X509_PURPOSE_OCSP_HELPER}: its issuers must be CAs,
     * the signer itself is judged by the OCSP rules, not by a purpose).
     */
    OCSP_SIGNER
}
