package org.stunneljava.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code socket} options of a service: for each of stunnel's three kinds of socket, the options to set and
 * their values, in stunnel's table order (the order they are set and logged in). Starts from stunnel's defaults
 * ({@code a:SO_REUSEADDR=yes}, {@code l:TCP_NODELAY=yes}, {@code r:TCP_NODELAY=yes}); a {@code socket} line replaces
 * one value, so {@code a:SO_REUSEADDR=no} sets 0 rather than leaving the option alone. Immutable.
 *
 * @param accept the listening sockets, set before bind()
 * @param local  each accepted TCP connection (never a unix one), before anything is read from it
 * @param remote each outgoing connection, after connect() succeeded
 */
public record SocketOptions(Map<SocketOption, SocketOptionValue> accept, Map<SocketOption, SocketOptionValue> local,
                            Map<SocketOption, SocketOptionValue> remote) {

    /** The letter before the colon and the word stunnel's log lines use. */
    public enum Kind {
        ACCEPT('a', "accept"), LOCAL('l', "local"), REMOTE('r', "remote");

        private final char letter;
        private final String word;

        Kind(char letter, String word) {
            this.letter = letter;
            this.word = word;
        }

        /** {@code accept}, {@code local} or {@code remote}, as in {@code Setting local socket options}. */
        public String word() {
            return word;
        }

        static Kind of(char letter) {
            for (Kind k : values()) {
                if (k.letter == letter) {
                    return k;
                }
            }
            return null;
        }
    }

    private static final SocketOptionValue.Flag ON = new SocketOptionValue.Flag(true);

    /** stunnel's {@code socket_options_init}. */
    public static final SocketOptions DEFAULTS = new SocketOptions(Map.of(SocketOption.SO_REUSEADDR, ON),
            Map.of(SocketOption.TCP_NODELAY, ON), Map.of(SocketOption.TCP_NODELAY, ON));

    public SocketOptions {
        accept = ordered(accept);
        local = ordered(local);
        remote = ordered(remote);
    }

    /** The options of one kind of socket, in table order. */
    public Map<SocketOption, SocketOptionValue> of(Kind kind) {
        return switch (kind) {
            case ACCEPT -> accept;
            case LOCAL -> local;
            case REMOTE -> remote;
        };
    }

    /** These options with one value replaced (or added). */
    public SocketOptions with(Kind kind, SocketOption option, SocketOptionValue value) {
        Map<SocketOption, SocketOptionValue> changed = new EnumMap<>(SocketOption.class);
        changed.putAll(of(kind));
        changed.put(option, value);
        return new SocketOptions(kind == Kind.ACCEPT ? changed : accept, kind == Kind.LOCAL ? changed : local,
                kind == Kind.REMOTE ? changed : remote);
    }

    private static Map<SocketOption, SocketOptionValue> ordered(Map<SocketOption, SocketOptionValue> values) {
        Map<SocketOption, SocketOptionValue> copy = new EnumMap<>(SocketOption.class);
        copy.putAll(values);
        return Collections.unmodifiableMap(copy);
    }
}
