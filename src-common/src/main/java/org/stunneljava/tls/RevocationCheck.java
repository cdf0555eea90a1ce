package org.stunneljava.tls;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The seam for CRL checking ({@code CRLfile}, {@code CRLpath}; a later issue). It runs where OpenSSL runs
 * {@code check_revocation}: after the chain is built and its extensions checked, before signatures and validity
 * dates, so a revoked certificate reports {@code certificate revoked} even when it has also expired.
 * OCSP is different in stunnel: it runs per depth after the CERT checks ({@code Rejected by OCSP at depth=N}).
 */
public interface RevocationCheck {
    /** A revocation problem found at one depth of the chain. */
    record Finding(int depth, X509Error error) {
    }

    /** No revocation checking: what stunnel does without CRL options. */
    RevocationCheck NONE = (chain, now) -> List.of();

    /**
     * Checks the built chain (leaf first, trust anchor last) and returns the problems in the order OpenSSL would
     * report them (leaf first); each is passed through the verify callback, which may ignore it.
     */
    List<Finding> check(List<X509Certificate> chain, Instant now);
}
