package org.stunneljava.config;

/**
 * One value of a {@code socket} line, in the shape {@code setsockopt} receives it (see {@link SocketOption.Type}).
 * Numbers are what stunnel's C casts leave of the text: an int, or the two unsigned shorts of a linger.
 */
public sealed interface SocketOptionValue {
    /** FLAG: 1 or 0. */
    record Flag(boolean on) implements SocketOptionValue {
        @Override
        public String toString() {
            return on ? "yes" : "no";
        }
    }

    /** INT. */
    record Number(int value) implements SocketOptionValue {
        @Override
        public String toString() {
            return Integer.toString(value);
        }
    }

    /** LINGER: {@code struct linger {l_onoff, l_linger}}, each 0-65535 (stunnel stores them as {@code u_short}). */
    record Linger(int onOff, int seconds) implements SocketOptionValue {
        @Override
        public String toString() {
            return onOff + ":" + seconds;
        }
    }

    /** TIMEVAL: {@code struct timeval {tv_sec, tv_usec}}. */
    record TimeVal(int seconds, int microseconds) implements SocketOptionValue {
        @Override
        public String toString() {
            return seconds + ":" + microseconds;
        }
    }

    /** STRING: an interface name for SO_BINDTODEVICE. */
    record Text(String value) implements SocketOptionValue {
        @Override
        public String toString() {
            return value;
        }
    }
}
