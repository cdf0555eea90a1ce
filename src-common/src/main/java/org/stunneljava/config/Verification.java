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
 */
public record Verification(boolean requireCert, boolean verifyChain, boolean verifyPeer, List<String> checkHost,
                           List<String> checkIp, Optional<Path> caFile) {
    public Verification {
        checkHost = List.copyOf(checkHost);
        checkIp = List.copyOf(checkIp);
    }

    public static final Verification NONE =
            new Verification(false, false, false, List.of(), List.of(), Optional.empty());

    /** True when the peer's certificate is checked at all (when one is presented). */
    public boolean verifies() {
        return verifyChain || verifyPeer;
    }
}
