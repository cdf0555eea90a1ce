package org.stunneljava.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * OCSP checking of the peer's certificates (and, for a server, stapling).
 *
 * @param responder {@code OCSP}: a responder URL that overrides the certificates' own
 * @param aia       {@code OCSPaia}: ask the responders named in the certificates' AIA extension
 * @param flags     {@code OCSPflag}: OCSP_* verification flag names
 * @param nonce     {@code OCSPnonce}: send and check a nonce
 * @param require   {@code OCSPrequire} (5.71+): reject when no conclusive response was obtained
 * @param timeout   {@code TIMEOUTocsp} (5.71+): limit for the responder exchange
 */
public record OcspOptions(Optional<String> responder, boolean aia, Set<String> flags, boolean nonce,
                          boolean require, Duration timeout) {
    public OcspOptions {
        flags = Set.copyOf(flags);
    }

    public static final OcspOptions DEFAULT =
            new OcspOptions(Optional.empty(), false, Set.of(), false, true, Duration.ofSeconds(5));
}
