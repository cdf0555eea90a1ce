package org.stunneljava.origdst;

import java.net.SocketException;
import java.util.Collection;
import java.util.Set;

/**
 * This host's addresses for loop protection, read again once they are a second old: addresses come and go (DHCP,
 * containers), and listing the interfaces costs about 80 us, too much to pay per connection on a busy server.
 * Thread-safe; one per service.
 */
public final class LocalHostSnapshot {
    private static final long MAX_AGE_NANOS = 1_000_000_000L;
    private final Set<Integer> listeningPorts;
    private volatile Taken taken = new Taken(null, 0);

    private record Taken(LocalHost host, long nanos) {
    }

    /** @param listeningPorts the TCP ports the process listens on, which a destination must never loop back to */
    public LocalHostSnapshot(Collection<Integer> listeningPorts) {
        this.listeningPorts = Set.copyOf(listeningPorts);
    }

    public LocalHost get() throws SocketException {
        Taken t = taken;
        long now = System.nanoTime();
        if (t.host() == null || now - t.nanos() > MAX_AGE_NANOS) {
            t = new Taken(LocalHost.ofInterfaces(listeningPorts), now);
            taken = t;
        }
        return t.host();
    }
}
