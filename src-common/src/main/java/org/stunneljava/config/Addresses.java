package org.stunneljava.config;

import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Turns an {@code accept}/{@code connect} value into an {@link Endpoint}, with stunnel's rules: a value starting
 * with {@code /} is a unix socket; otherwise {@code [HOST:]PORT} split at the <em>last</em> colon, so IPv6
 * literals need no brackets ({@code ::1:443}, {@code :::443}); PORT is a number or a TCP service name. Brackets
 * ({@code [::1]:443}) are our extension: stunnel rejects them. Failures carry the line stunnel logs for them.
 * Thread-safe if its resolver is.
 */
final class Addresses {
    /** sockaddr_un.sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_UNIX_PATH_BYTES = 107;
    private static final String EAI_NONAME = "Neither nodename nor servname known (EAI_NONAME)";

    private final HostResolver resolver;
    private final ServiceNames serviceNames;

    Addresses(HostResolver resolver, ServiceNames serviceNames) {
        this.resolver = resolver;
        this.serviceNames = serviceNames;
    }

    /** An endpoint, or the message stunnel logs (at error level) when the value cannot be used. */
    record Result(Endpoint endpoint, String error) {
        boolean ok() {
            return endpoint != null;
        }
    }

    /**
     * @param resolveHost false for a service with {@code delay = yes}: its names are resolved per connection
     */
    Result parse(String value, boolean resolveHost) {
        if (value.startsWith("/")) {
            return value.getBytes(StandardCharsets.UTF_8).length > MAX_UNIX_PATH_BYTES
                    ? new Result(null, "Unix socket path is too long")
                    : new Result(new Endpoint.Unix(Path.of(value)), null);
        }
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? null : unbracket(value.substring(0, colon));
        String portText = colon < 0 ? value : value.substring(colon + 1);
        OptionalInt port = port(portText);
        if (port.isEmpty()) {
            return new Result(null, portError(portText));
        }
        if (host != null && resolveHost) {
            String failure = resolveFailure(host);
            if (failure != null) {
                return new Result(null, failure);
            }
        }
        return new Result(new Endpoint.Tcp(host, port.getAsInt()), null);
    }

    /** The host part of a value as stunnel's SNI default takes it (null for a bare port), brackets removed. */
    static String hostOf(String value) {
        int colon = value.lastIndexOf(':');
        return colon < 0 ? null : unbracket(value.substring(0, colon));
    }

    private static String unbracket(String host) {
        return host.length() >= 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Digits only, 0-65535, or a service name. Stricter than stunnel, whose getaddrinfo takes an empty port as 0
     * and wraps numbers above 65535 (70000 binds 4464): both are refused here.
     */
    private OptionalInt port(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            String digits = text.replaceFirst("^0+(?=.)", ""); // getaddrinfo reads 0443 as 443
            return digits.length() <= 5 && Integer.parseInt(digits) <= 65535
                    ? OptionalInt.of(Integer.parseInt(digits)) : OptionalInt.empty();
        }
        return text.isEmpty() ? OptionalInt.empty() : serviceNames.tcpPort(text);
    }

    private static String portError(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "Invalid port \"" + text + "\": ports are 0-65535";
        }
        return "Unknown TCP service \"" + text + "\"";
    }

    private String resolveFailure(String host) {
        if (host.isEmpty()) {
            return "Error resolving \"\": " + EAI_NONAME;
        }
        try {
            if (resolver.resolve(host).isEmpty()) {
                return "Error resolving \"" + host + "\": " + EAI_NONAME;
            }
            return null;
        } catch (UnknownHostException e) {
            return "Error resolving \"" + host + "\": " + EAI_NONAME;
        }
    }
}
