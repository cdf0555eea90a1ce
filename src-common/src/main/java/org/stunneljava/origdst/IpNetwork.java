package org.stunneljava.origdst;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network: the first {@code length} bits of an address. IPv4 bits live in the low 32 bits of
 * {@code low} ({@code high} is 0); IPv6 bits are {@code high} then {@code low}. Bits beyond {@code length} are
 * always zero. IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}, RFC 4291 section 2.5.5.2) is IPv4 here, for networks as for
 * hosts: the kernel connects to such an address over IPv4, so a rule about an IPv4 address must decide it.
 */
public record IpNetwork(int family, long high, long low, int length) {
    public static final IpNetwork LOOPBACK_V4 = new IpNetwork(4, 0, 0x7f000000L, 8);
    public static final IpNetwork LOOPBACK_V6 = new IpNetwork(6, 0, 1, 128);

    private static final long MAPPED_PREFIX = 0xffff00000000L;
    /** Four decimal octets, no leading zeros: {@code inet_aton} would read {@code 010} as octal, Java as decimal. */
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,3}");

    public IpNetwork {
        if (family != 4 && family != 6) {
            throw new IllegalArgumentException("family " + family);
        }
        if (length < 0 || length > bits(family)) {
            throw new IllegalArgumentException("length " + length);
        }
        if (family == 4 && (high != 0 || (low >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 value wider than 32 bits");
        }
        if ((high & ~highMask(family, length)) != 0 || (low & ~lowMask(family, length)) != 0) {
            throw new IllegalArgumentException("host bits set");
        }
    }

    /** The single address {@code a} (/32 or /128), mapped IPv6 folded to IPv4; a scope id is dropped. */
    public static IpNetwork host(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return new IpNetwork(4, 0, word(b, 0, 4), 32);
        }
        long high = word(b, 0, 8);
        long low = word(b, 8, 8);
        if (high == 0 && (low >>> 32) == 0xffffL) {
            return new IpNetwork(4, 0, low & 0xffffffffL, 32);
        }
        return new IpNetwork(6, high, low, 128);
    }

    /**
     * Parses the {@code ADDRESS} and optional {@code LEN} of a rule: literals only, never a name lookup. A missing
     * length means the one address. Host bits beyond the length are an error, as {@code ip route} refuses
     * {@code 10.1.2.3/8}: silently widening {@code 10.1.2.3/8} (meant as /32) to a whole /8 would open an allow-list.
     */
    static IpNetwork parse(String address, String lengthText, boolean unbracketedV6, String option)
            throws AllowRuleException {
        boolean v6 = address.indexOf(':') >= 0;
        InetAddress a = literal(address, v6, unbracketedV6, option);
        int max = v6 ? 128 : 32;
        int length = lengthText == null ? max : prefixLength(lengthText, max);
        byte[] b = a.getAddress();
        long high;
        long low;
        if (b.length == 4 && v6) {
            // ofLiteral folds ::ffff:a.b.c.d to IPv4; the length was written against 128 bits.
            high = 0;
            low = MAPPED_PREFIX | word(b, 0, 4);
        } else {
            high = b.length == 4 ? 0 : word(b, 0, 8);
            low = b.length == 4 ? word(b, 0, 4) : word(b, 8, 8);
        }
        int family = v6 ? 6 : 4;
        if ((high & ~highMask(family, length)) != 0 || (low & ~lowMask(family, length)) != 0) {
            IpNetwork network = new IpNetwork(family, high & highMask(family, length), low & lowMask(family, length),
                    length);
            throw new AllowRuleException("Address " + address + " has bits set beyond prefix length " + length
                    + " (the network is " + network.render() + ")");
        }
        IpNetwork network = new IpNetwork(family, high, low, length);
        if (family == 6 && length >= 96 && high == 0 && (low >>> 32) == 0xffffL) {
            return new IpNetwork(4, 0, low & 0xffffffffL, length - 96);
        }
        return network;
    }

    private static InetAddress literal(String address, boolean v6, boolean unbracketedV6, String option)
            throws AllowRuleException {
        String invalid = "Invalid " + option + " address \"" + address + "\": ";
        if (address.isEmpty()) {
            throw new AllowRuleException("Invalid " + option + " address \"\": an IP address is required");
        }
        if (address.indexOf('%') >= 0) {
            throw new AllowRuleException(invalid + "a scope id (%) is not allowed");
        }
        if (!v6 && !DOTTED_QUAD.matcher(address).matches()) {
            throw new AllowRuleException(invalid + "write an IPv4 address as four decimal numbers a.b.c.d or an"
                    + " IPv6 address; host names are not allowed");
        }
        try {
            return InetAddress.ofLiteral(address);
        } catch (IllegalArgumentException e) {
            String hint = unbracketedV6
                    ? "an IPv6 address without brackets is split at its last colon, so it needs ports"
                            + " (ADDRESS:PORTS); write [ADDRESS] or [ADDRESS]/LEN for all ports"
                    : "not an IP address; host names are not allowed";
            throw new AllowRuleException(invalid + hint);
        }
    }

    private static int prefixLength(String text, int max) throws AllowRuleException {
        if (!DIGITS.matcher(text).matches()) {
            throw new AllowRuleException("Invalid prefix length \"" + text + "\"");
        }
        int length = Integer.parseInt(text);
        if (length > max) {
            throw new AllowRuleException("Prefix length " + length + " is too long for an IPv" + (max == 32 ? 4 : 6)
                    + " address");
        }
        return length;
    }

    /** Whether {@code other} (a network or a host) lies inside this network. Families never mix. */
    public boolean contains(IpNetwork other) {
        return family == other.family && other.length >= length
                && (other.high & highMask(family, length)) == high && (other.low & lowMask(family, length)) == low;
    }

    public boolean isLoopback() {
        return LOOPBACK_V4.contains(this) || LOOPBACK_V6.contains(this);
    }

    /** {@code 0.0.0.0} or {@code ::}: Linux connects to the local host for either, so it can never be a target. */
    public boolean isUnspecifiedHost() {
        return length == bits(family) && high == 0 && low == 0;
    }

    /** {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or the bare address for a single host. */
    public String render() {
        String address = family == 4 ? v4(low) : v6(high, low);
        return length == bits(family) ? address : address + "/" + length;
    }

    @Override
    public String toString() {
        return render();
    }

    private static int bits(int family) {
        return family == 4 ? 32 : 128;
    }

    private static long highMask(int family, int length) {
        if (family == 4 || length == 0) {
            return 0;
        }
        return length >= 64 ? -1L : -1L << (64 - length);
    }

    private static long lowMask(int family, int length) {
        if (family == 4) {
            return length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
        }
        if (length <= 64) {
            return 0;
        }
        return length == 128 ? -1L : -1L << (128 - length);
    }

    private static long word(byte[] b, int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    private static String v4(long v) {
        return (v >>> 24 & 0xff) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
    }

    /** RFC 5952 text: lower case, the longest run of two or more zero groups (the first on a tie) as {@code ::}. */
    private static String v6(long high, long low) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            long word = i < 4 ? high : low;
            g[i] = (int) (word >>> (48 - 16 * (i % 4)) & 0xffff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
