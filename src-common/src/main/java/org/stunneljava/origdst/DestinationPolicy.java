package org.stunneljava.origdst;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The exit server's whole decision about a carried destination (DESIGN.md section 4), in this order:
 * <ol>
 * <li>the unspecified address ({@code 0.0.0.0}, {@code ::}) is refused: connect() sends it to the local host;</li>
 * <li>one of this host's addresses (loopback included) on one of our listening ports is refused, whatever the
 *     allow-list says: the connection would come back into this server, a loop;</li>
 * <li>a loopback destination needs a rule that names loopback explicitly ({@link AllowRule#namesLoopback}):
 *     {@code 0.0.0.0/0:*} does not open the host's own local-only services;</li>
 * <li>anything else needs a matching rule: deny by default.</li>
 * </ol>
 * Pure: no I/O, no state, safe from any thread.
 */
public final class DestinationPolicy {
    private DestinationPolicy() {
    }

    /** Why a destination was refused; {@link #text} goes in the refusal log line. */
    public enum Refusal {
        UNSPECIFIED("the unspecified address is not a destination"),
        LOOP("it is this host's own listening port (loop)"),
        LOOPBACK_NOT_NAMED("loopback needs a transparentAllow line inside 127.0.0.0/8 or ::1"),
        NOT_ALLOWED("no transparentAllow line matches");

        private final String text;

        Refusal(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** The outcome: the rule that allowed the destination, or why it was refused. */
    public sealed interface Verdict {
        record Allowed(AllowRule rule) implements Verdict {
        }

        record Refused(Refusal reason) implements Verdict {
        }
    }

    public static Verdict decide(AllowList allowList, InetSocketAddress destination, LocalHost local) {
        IpNetwork host = IpNetwork.host(AllowList.address(destination));
        int port = destination.getPort();
        if (host.isUnspecifiedHost()) {
            return new Verdict.Refused(Refusal.UNSPECIFIED);
        }
        if (local.isOwn(host) && local.isListening(port)) {
            return new Verdict.Refused(Refusal.LOOP);
        }
        if (host.isLoopback()) {
            Optional<AllowRule> named = allowList.matchNamingLoopback(host, port);
            if (named.isPresent()) {
                return new Verdict.Allowed(named.get());
            }
            return new Verdict.Refused(allowList.match(host, port).isPresent()
                    ? Refusal.LOOPBACK_NOT_NAMED : Refusal.NOT_ALLOWED);
        }
        return allowList.match(host, port).<Verdict>map(Verdict.Allowed::new)
                .orElse(new Verdict.Refused(Refusal.NOT_ALLOWED));
    }
}
