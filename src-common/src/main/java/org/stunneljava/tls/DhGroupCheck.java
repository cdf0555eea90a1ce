package org.stunneljava.tls;

import java.math.BigInteger;
import org.bouncycastle.tls.DefaultTlsDHGroupVerifier;
import org.bouncycastle.tls.crypto.DHGroup;

/**
 * A TLS 1.2 server's DHE group, checked as OpenSSL checks it: large enough for the security level, and otherwise
 * any safe-prime group. Bouncy Castle's default accepts only the RFC 3526 and RFC 7919 groups, which would refuse
 * stunnel servers (whose DH parameters come with the build or the certificate file) and most others.
 */
final class DhGroupCheck extends DefaultTlsDHGroupVerifier {
    private static final int CERTAINTY = 64;

    DhGroupCheck(SecurityLevel level) {
        super(level.minRsaDhBits());
    }

    @Override
    protected boolean checkGroup(DHGroup group) {
        return super.checkGroup(group) || safePrimeGroup(group.getP(), group.getG());
    }

    /** p = 2q + 1 with q prime, and 1 < g < p - 1 (so g does not generate a trivial subgroup). */
    static boolean safePrimeGroup(BigInteger p, BigInteger g) {
        BigInteger pMinusOne = p.subtract(BigInteger.ONE);
        return g.compareTo(BigInteger.ONE) > 0 && g.compareTo(pMinusOne) < 0 && p.isProbablePrime(CERTAINTY)
                && pMinusOne.shiftRight(1).isProbablePrime(CERTAINTY);
    }
}
