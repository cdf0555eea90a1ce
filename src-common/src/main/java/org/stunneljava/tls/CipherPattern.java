package org.stunneljava.tls;

import static org.stunneljava.tls.OpenSslCipher.NOT_DEFAULT;
import static org.stunneljava.tls.OpenSslCipher.STRENGTH_CLASSES;

/**
 * What one element of a cipher string selects: a suite by name, or attributes in the five dimensions. In each
 * dimension a zero mask means "any" and a suite matches when it has one of the bits; all dimensions must match.
 * {@code a+b} narrows a pattern by intersecting it with the next word's, dimension by dimension (an empty
 * intersection selects nothing), as {@code man openssl-ciphers} describes for the {@code +} combination.
 *
 * @param code      one suite's code, or -1
 * @param since     protocol-version alias ({@code SSLv3}, {@code TLSv1}, {@code TLSv1.2}), or null for any
 * @param strength  strength classes (matched as one group) and {@link OpenSslCipher#NOT_DEFAULT} (matched alone)
 */
record CipherPattern(int code, int kx, int auth, int enc, int mac, OpenSslCipher.Since since, int strength) {
    static final CipherPattern NONE = new CipherPattern(-1, 0, 0, 0, 0, null, 0);

    static CipherPattern kx(int kx) {
        return new CipherPattern(-1, kx, 0, 0, 0, null, 0);
    }

    static CipherPattern auth(int auth) {
        return new CipherPattern(-1, 0, auth, 0, 0, null, 0);
    }

    static CipherPattern kxAuth(int kx, int auth) {
        return new CipherPattern(-1, kx, auth, 0, 0, null, 0);
    }

    static CipherPattern enc(int enc) {
        return new CipherPattern(-1, 0, 0, enc, 0, null, 0);
    }

    static CipherPattern mac(int mac) {
        return new CipherPattern(-1, 0, 0, 0, mac, null, 0);
    }

    static CipherPattern since(OpenSslCipher.Since since) {
        return new CipherPattern(-1, 0, 0, 0, 0, since, 0);
    }

    static CipherPattern strength(int strength) {
        return new CipherPattern(-1, 0, 0, 0, 0, null, strength);
    }

    /** An explicit suite: its own attributes, but not its protocol version (OpenSSL leaves that out). */
    static CipherPattern of(OpenSslCipher c) {
        return new CipherPattern(c.code(), c.kx(), c.auth(), c.enc(), c.mac(), null, c.strength());
    }

    /**
     * {@code this+next}: null when some dimension's intersection is empty (the element then selects nothing). Only
     * the last word can pin one suite: OpenSSL forgets an earlier suite name's code at each {@code +}, keeping its
     * attributes.
     */
    CipherPattern and(CipherPattern next, boolean nextIsSuite) {
        int k = narrow(kx, next.kx);
        int a = narrow(auth, next.auth);
        int e = narrow(enc, next.enc);
        int m = narrow(mac, next.mac);
        int classes = narrow(strength & STRENGTH_CLASSES, next.strength & STRENGTH_CLASSES);
        int notDefault = narrow(strength & NOT_DEFAULT, next.strength & NOT_DEFAULT);
        if (k < 0 || a < 0 || e < 0 || m < 0 || classes < 0 || notDefault < 0) {
            return null;
        }
        OpenSslCipher.Since s = since;
        if (!nextIsSuite && next.since != null) {
            if (since != null && since != next.since) {
                return null;
            }
            s = next.since;
        }
        return new CipherPattern(nextIsSuite ? next.code : -1, k, a, e, m, s, classes | notDefault);
    }

    /** -1 for an empty intersection. */
    private static int narrow(int current, int next) {
        if (next == 0) {
            return current;
        }
        if (current == 0) {
            return next;
        }
        int both = current & next;
        return both == 0 ? -1 : both;
    }

    boolean matches(OpenSslCipher c) {
        return (code < 0 || code == c.code())
                && (kx == 0 || (kx & c.kx()) != 0)
                && (auth == 0 || (auth & c.auth()) != 0)
                && (enc == 0 || (enc & c.enc()) != 0)
                && (mac == 0 || (mac & c.mac()) != 0)
                && (since == null || since == c.since())
                && ((strength & STRENGTH_CLASSES) == 0 || (strength & STRENGTH_CLASSES & c.strength()) != 0)
                && ((strength & NOT_DEFAULT) == 0 || (c.strength() & NOT_DEFAULT) != 0);
    }
}
