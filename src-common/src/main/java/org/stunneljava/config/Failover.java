package org.stunneljava.config;

/** {@code failover}: the order in which several {@code connect} addresses are tried. */
public enum Failover {
    /** In configuration order (stunnel's default). */
    PRIO,
    /** Starting at a rotating index: the first one random, then cycling. */
    RR
}
