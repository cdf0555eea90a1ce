package org.stunneljava.net;

import java.security.Security;

/**
 * Turns the JVM's own cache of name look-ups off, so that every look-up asks the system resolver as stunnel's
 * getaddrinfo calls do. It matters for {@code delay = yes}, which resolves {@code connect} names at each
 * connection: with the JVM's default cache (30 s for answers, 10 s for failures) a name that moved would keep
 * its old address that long. Names resolved once at start-up are not affected.
 * <p>The JVM reads these settings once, at its first look-up, so {@link #disable} must run before any (the
 * programs call it first thing). An operator who set {@code networkaddress.cache.ttl} (java.security) or
 * {@code -Dsun.net.inetaddr.ttl} keeps that choice for both settings.
 */
public final class DnsCache {
    static final String TTL = "networkaddress.cache.ttl";
    static final String NEGATIVE_TTL = "networkaddress.cache.negative.ttl";
    static final String TTL_PROPERTY = "sun.net.inetaddr.ttl";

    private DnsCache() {
    }

    /** @return whether the cache was turned off (false: the operator configured it) */
    public static boolean disable() {
        if (Security.getProperty(TTL) != null || System.getProperty(TTL_PROPERTY) != null) {
            return false;
        }
        Security.setProperty(TTL, "0");
        Security.setProperty(NEGATIVE_TTL, "0");
        return true;
    }
}
