package org.stunneljava.config;

/**
 * Our PROXY protocol options around stunnel's {@code protocol = proxy}.
 *
 * @param version  {@code proxyVersion}: the header {@code protocol = proxy} writes, 1 (stunnel's text line) or 2
 *                 (HAProxy's binary header with TLS details)
 * @param accept   {@code acceptProxy}: every accepted connection starts with a PROXY v1 or v2 header (from a load
 *                 balancer), which names the real client
 * @param writeIp  {@code writeIP}: stud's {@code --write-ip}, the client's address in binary before the data
 */
public record ProxyProtocol(int version, boolean accept, boolean writeIp) {
    public static final ProxyProtocol DEFAULT = new ProxyProtocol(1, false, false);
}
