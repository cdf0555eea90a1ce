package org.stunneljava.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the peer's certificate is checked, after {@code verify}, {@code verifyChain}, {@code verifyPeer} and
 * {@code requireCert} have been applied in file order (stunnel's side effects: {@code verifyChain = yes} turns
 * {@code requireCert} on, a later {@code requireCert = no} turns it off again).
 *
 * @param requireCert a server fails the handshake when the client sends no certificate (a client always
 *                    requires the server's certificate)
 * @param verifyChain the chain must lead to a certificate in {@code caFile}
 * @param verifyPeer  the peer's own certificate must be in {@code caFile} (pinning)
 * @param checkHost   any-of DNS names the peer certificate must match (needs verifyChain or verifyPeer)
 * @param checkIp     any-of IP addresses the peer certificate must match (needs verifyChain or verifyPeer)
 * @param caFile      trusted certificates; also the CA names a server sends in its certificate request
 * @param requestCert a server asks the client for a certificate. Implied by the three flags above; alone only
 *                    with the obsolete {@code verify = 0} ("request and ignore"), and it stays on when a later
 *                    {@code verifyChain = no} or {@code requireCert = no} clears the flags, as in stunnel
 */
public record Verification(boolean requireCert, boolean verifyChain, boolean verifyPeer, List<String> checkHost,
                           List<String> checkIp, Optional<Path> caFile, boolean requestCert) {
    public Verification {
        checkHost = List.copyOf(checkHost);
        checkIp = List.copyOf(checkIp);
        requestCert = requestCert || requireCert || verifyChain || verifyPeer;
    }

    /** Without {@code requestCert}: derived from the three flags (the usual case). */
    public Verification(boolean requireCert, boolean verifyChain, boolean verifyPeer, List<String> checkHost,
                        List<String> checkIp, Optional<Path> caFile) {
        this(requireCert, verifyChain, verifyPeer, checkHost, checkIp, caFile, false);
    }

    public static final Verification NONE =
            new Verification(false, false, false, List.of(), List.of(), Optional.empty());

    /** True when the peer's certificate is checked at all (when one is presented). */
    public boolean verifies() {
        return verifyChain || verifyPeer;
    }
}
