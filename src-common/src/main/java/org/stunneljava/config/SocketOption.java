package org.stunneljava.config;

/**
 * stunnel 5.68's socket option table ({@code sock_opts_def} in options.c) as built on Linux, in its order: the
 * names {@code socket = a|l|r:NAME=VALUE} accepts (case-sensitive, as stunnel's {@code strcmp}) and the order in
 * which a socket's options are set and logged. It is exactly what {@code stunnel -sockets} lists there:
 * {@code TCP_MAXSEG} is missing because stunnel guards it with {@code #ifdef IP_MAXSEG}, which Linux lacks, and the
 * Windows and BSD entries ({@code SO_EXCLUSIVEADDRUSE}, {@code IP_BINDANY}, {@code IPV6_BINDANY}) are not built.
 * The kernel numbers live with the code that sets them ({@code net/NativeSocketOption}).
 */
public enum SocketOption {
    SO_DEBUG(Type.FLAG),
    SO_DONTROUTE(Type.FLAG),
    SO_KEEPALIVE(Type.FLAG),
    SO_LINGER(Type.LINGER),
    SO_OOBINLINE(Type.FLAG),
    SO_RCVBUF(Type.INT),
    SO_SNDBUF(Type.INT),
    SO_RCVLOWAT(Type.INT),
    SO_SNDLOWAT(Type.INT),
    SO_RCVTIMEO(Type.TIMEVAL),
    SO_SNDTIMEO(Type.TIMEVAL),
    SO_REUSEADDR(Type.FLAG),
    SO_BINDTODEVICE(Type.STRING),
    TCP_KEEPCNT(Type.INT),
    TCP_KEEPIDLE(Type.INT),
    TCP_KEEPINTVL(Type.INT),
    IP_TOS(Type.INT),
    IP_TTL(Type.INT),
    TCP_NODELAY(Type.FLAG),
    IP_FREEBIND(Type.FLAG),
    IPV6_V6ONLY(Type.FLAG);

    /** How stunnel reads the value and what it hands to {@code setsockopt}. */
    public enum Type {
        /** {@code yes}/{@code no} (any case) or {@code 1}/{@code 0}: an int */
        FLAG,
        /** a decimal number: an int */
        INT,
        /** {@code onoff[:seconds]}: a {@code struct linger} */
        LINGER,
        /** {@code seconds[:microseconds]}: a {@code struct timeval} */
        TIMEVAL,
        /** at most 15 bytes of text (stunnel's 16-byte value union with its NUL): the string and its NUL */
        STRING
    }

    private final Type type;

    SocketOption(Type type) {
        this.type = type;
    }

    public Type type() {
        return type;
    }
}
