package org.stunneljava.testkit.lab;

import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The line format the lab's test mains print and their wrappers parse: one place for both sides. Each line is
 * written whole and flushed at once, so a test waiting for it never waits on a buffer. Addresses are printed as
 * {@code host:port} with IPv6 in brackets, and parsed back into addresses (so the long and short IPv6 spellings
 * compare equal).
 */
final class Lines {
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private Lines() {
    }

    static void say(String line) {
        synchronized (OUT) {
            OUT.println(line);
        }
    }

    static String text(InetSocketAddress a) {
        return text(a.getAddress()) + ":" + a.getPort();
    }

    static String text(InetAddress a) {
        return a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text.startsWith("[") ? text.substring(1, text.length() - 1) : text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + text, e);
        }
    }

    /** {@code host:port}, the host an address literal, split at the last colon (IPv6 in brackets or bare). */
    static InetSocketAddress socketAddress(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no port in " + text);
        }
        return new InetSocketAddress(address(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
    }
}
