package org.stunneljava.net.lab;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** {@code host:port} arguments of the lab programs, IPv6 in brackets: {@code [fd20:1::1]:0}. */
final class Hosts {
    private Hosts() {
    }

    static InetSocketAddress parse(String text) throws UnknownHostException {
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
    }
}
