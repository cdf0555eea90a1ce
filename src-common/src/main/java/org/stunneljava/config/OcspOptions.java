package org.stunneljava.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * OCSP checking of the peer's certificates (stunnel 5.75's ocsp.c). Server stapling of our own certificate's
 * status needs no option: like stunnel 5.71+, every server service staples when its certificate names a responder.
 *
 * @param responder {@code OCSP}: a responder URL for the peer's own certificate, asked before the AIA responders;
 *                  kept as written (stunnel parses it only when it connects)
 * @param aia       {@code OCSPaia}: ask the responders named in each certificate's AIA extension
 * @param flags     {@code OCSPflag} (repeatable): OpenSSL's response verification flags
 * @param nonce     {@code OCSPnonce}: send a nonce and require the response to echo it
 * @param require   {@code OCSPrequire} (5.71+): reject when a responder was asked but gave no conclusive answer
 * @param timeout   {@code TIMEOUTocsp} (5.71+): the limit for connecting to a responder;
 *                  {@link Timeouts#NO_LIMIT} for a negative value
 */
public record OcspOptions(Optional<String> responder, boolean aia, Set<OcspFlag> flags, boolean nonce,
                          boolean require, Duration timeout) {
    public OcspOptions {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    public static final OcspOptions DEFAULT =
            new OcspOptions(Optional.empty(), false, Set.of(), false, true, Duration.ofSeconds(5));

    /** True when a responder may be asked about the peer's certificates (stunnel's "OCSP support"). */
    public boolean asksResponders() {
        return responder.isPresent() || aia;
    }
}
