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
 * @param verifyChain the chain must lead to a certificate in {@code caFile} or {@code caPath}
 * @param verifyPeer  the peer's own certificate must be in {@code caFile} or {@code caPath} (pinning)
 * @param checkHost   any-of DNS names the peer certificate must match (needs verifyChain or verifyPeer)
 * @param checkIp     any-of IP addresses the peer certificate must match (needs verifyChain or verifyPeer)
 * @param caFile      trusted certificates; also the CA names a server sends in its certificate request
 * @param requestCert a server asks the client for a certificate. Implied by the three flags above; alone only
 *                    with the obsolete {@code verify = 0} ("request and ignore"), and it stays on when a later
 *                    {@code verifyChain = no} or {@code requireCert = no} clears the flags, as in stunnel
 * @param checkEmail  any-of e-mail addresses the peer certificate must match (needs verifyChain or verifyPeer)
 * @param caPath      a directory of trusted certificates named by subject hash ({@code openssl rehash}), looked
 *                    up at verification time; every certificate file in it also names a CA in the request
 * @param crlFile     PEM CRLs; with {@code crlPath}, turns on revocation checking of the peer's certificate
 * @param crlPath     a directory of CRLs named by issuer hash ({@code HASH.rN}), looked up at verification time
 */
public record Verification(boolean requireCert, boolean verifyChain, boolean verifyPeer, List<String> checkHost,
                           List<String> checkIp, Optional<Path> caFile, boolean requestCert,
                           List<String> checkEmail, Optional<Path> caPath, Optional<Path> crlFile,
                           Optional<Path> crlPath) {
    public Verification {
        checkHost = List.copyOf(checkHost);
        checkIp = List.copyOf(checkIp);
        checkEmail = List.copyOf(checkEmail);
        requestCert = requestCert || requireCert || verifyChain || verifyPeer;
    }

    /** Without e-mail checks, CApath or CRLs. */
    public Verification(boolean requireCert, boolean verifyChain, boolean verifyPeer, List<String> checkHost,
                        List<String> checkIp, Optional<Path> caFile, boolean requestCert) {
        this(requireCert, verifyChain, verifyPeer, checkHost, checkIp, caFile, requestCert, List.of(),
                Optional.empty(), Optional.empty(), Optional.empty());
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

    /** True when the peer's certificate is checked against CRLs (stunnel: {@code CRLfile} or {@code CRLpath}). */
    public boolean checksRevocation() {
        return crlFile.isPresent() || crlPath.isPresent();
    }

    /** True when any of checkHost, checkEmail or checkIP is set. */
    public boolean hasSubjectChecks() {
        return !checkHost.isEmpty() || !checkEmail.isEmpty() || !checkIp.isEmpty();
    }

    /** The same policy with other trust locations and e-mail checks (tests and programmatic set-ups). */
    public Verification withTrust(List<String> checkEmail, Optional<Path> caPath, Optional<Path> crlFile,
                                  Optional<Path> crlPath) {
        return new Verification(requireCert, verifyChain, verifyPeer, checkHost, checkIp, caFile, requestCert,
                checkEmail, caPath, crlFile, crlPath);
    }
}
