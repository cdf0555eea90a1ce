package org.stunneljava.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The TLS settings of one service.
 *
 * @param cert         PEM chain (leaf first, key optional) or PKCS#12; required for a server
 * @param key          private key file; defaults to {@code cert}
 * @param verification the peer-certificate policy
 * @param minVersion   lowest protocol version offered or accepted
 * @param maxVersion   highest protocol version offered or accepted
 * @param sni          client mode: the server name to send; empty string disables SNI; empty optional means
 *                     stunnel's default (the host of the first {@code connect}), resolved by the validator, so at
 *                     run time an empty optional means "send none"
 * @param policy       ciphers, groups, options, security level
 * @param sessions     session cache and tickets
 * @param psk          pre-shared keys
 * @param ocsp         OCSP checking and stapling
 * @param keyPassword  where the password of an encrypted key comes from
 */
public record TlsOptions(Optional<Path> cert, Optional<Path> key, Verification verification, TlsVersion minVersion,
                         TlsVersion maxVersion, Optional<String> sni, TlsPolicy policy, SessionOptions sessions,
                         PskOptions psk, OcspOptions ocsp, KeyPassword keyPassword) {

    /** With stunnel's defaults for everything but files, verification, versions and SNI. */
    public TlsOptions(Optional<Path> cert, Optional<Path> key, Verification verification, TlsVersion minVersion,
                      TlsVersion maxVersion, Optional<String> sni) {
        this(cert, key, verification, minVersion, maxVersion, sni, TlsPolicy.DEFAULT, SessionOptions.DEFAULT,
                PskOptions.NONE, OcspOptions.DEFAULT, KeyPassword.NONE);
    }
}
