package org.stunneljava.tls;

import org.stunneljava.log.Log;

/**
 * Where a TLS server handshake gets the OCSP response to staple for our own certificate (RFC 6066 status_request,
 * TLS 1.2 CertificateStatus or the TLS 1.3 leaf CertificateEntry extension). Implementations never block and never
 * fail: no response means the handshake goes on without one. Thread-safe; one per service.
 */
@FunctionalInterface
public interface OcspStapling {
    /** Nothing to staple. */
    OcspStapling NONE = log -> null;

    /**
     * @param log the connection's log, for stunnel's debug lines
     * @return the DER OCSPResponse to send now, or null
     */
    byte[] response(Log log);
}
