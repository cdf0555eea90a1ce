package org.stunneljava.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** Socket addresses written as stunnel writes them (getnameinfo, numeric): {@code 127.0.0.1:443}, {@code ::1:443}. */
public final class Addresses {
    private Addresses() {
    }

    public static String text(SocketAddress address) {
        return switch (address) {
            case null -> "unnamed socket";
            case InetSocketAddress inet when inet.getAddress() != null -> host(inet.getAddress()) + ":" + inet.getPort();
            case InetSocketAddress inet -> inet.getHostString() + ":" + inet.getPort();
            case UnixDomainSocketAddress unix -> unix.getPath().toString().isEmpty()
                    ? "unnamed socket" : unix.getPath().toString();
            default -> address.toString();
        };
    }

    /** The address as getnameinfo(NI_NUMERICHOST) prints it, without a scope. */
    public static String host(InetAddress address) {
        String h = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int zone = h.indexOf('%');
            h = compressIpv6(zone < 0 ? h : h.substring(0, zone));
        }
        return h;
    }

    /** The JDK prints 0:0:0:0:0:0:0:1; getnameinfo prints ::1 (RFC 5952 form). */
    static String compressIpv6(String full) {
        String[] parts = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < parts.length; ) {
            if (parts[i].equals("0")) {
                int j = i;
                while (j < parts.length && parts[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLen, parts.length));
        return head + "::" + tail;
    }
}
