package org.stunneljava.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code OCSPflag} names stunnel accepts (options.c {@code parse_ocsp_flag}: OpenSSL's {@code OCSP_*} flags
 * without the prefix, case-insensitive). Each says what it does to the verification of a response
 * ({@code OCSP_basic_verify}); the flags OpenSSL only reads when signing or building requests change nothing on a
 * checking peer, as with stunnel.
 */
public enum OcspFlag {
    /** Responder-side: no certificates in a signed response. No effect on checking. */
    NOCERTS,
    /** Do not look for the signer among the certificates the response carries. */
    NOINTERN,
    /** Do not check the response signature. */
    NOSIGS,
    /** Do not use the response's (or the peer's) certificates as intermediates for the signer's chain. */
    NOCHAIN,
    /** Do not verify the signer's certificate at all (signature still checked). */
    NOVERIFY,
    /** Skip the explicit-trust fallback; OpenSSL 3 roots from PEM files never carry explicit trust. */
    NOEXPLICIT,
    /** Unused by OpenSSL 3 verification. No effect. */
    NOCASIGN,
    /** Unused by OpenSSL 3 verification. No effect. */
    NODELEGATED,
    /** Accept any signer whose chain verifies, without checking it is the CA or its delegated responder. */
    NOCHECKS,
    /** A signer found among the peer's own certificates is trusted without chain verification. */
    TRUSTOTHER,
    /** Responder-side: identify the responder by key hash. No effect on checking. */
    RESPID_KEY,
    /** Responder-side: leave out the response time. No effect on checking. */
    NOTIME;

    /** stunnel's name look-up; empty for anything else ({@code Illegal OCSP flag}). */
    public static Optional<OcspFlag> named(String name) {
        for (OcspFlag f : values()) {
            if (f.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
