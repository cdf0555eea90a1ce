package org.stunneljava.config;

import java.util.List;
import org.stunneljava.origdst.AllowList;
import org.stunneljava.origdst.AllowRule;
import org.stunneljava.origdst.DestinationExtension;

/**
 * What a service does with transparent proxying, resolved once from {@code transparent}, {@code connect} and the
 * gateway's options (DESIGN.md section 4).
 *
 * @param mode          stunnel's {@code transparent} value
 * @param next          where the next hop's address comes from
 * @param allow         {@code transparentAllow} lines in file order: non-empty exactly when {@code next} is
 *                      {@link Next#CARRIED}
 * @param extensionType the ClientHello extension that carries a destination ({@code transparentExtension})
 */
public record Transparency(TransparentMode mode, Next next, List<AllowRule> allow, int extensionType) {
    public static final Transparency NONE = new Transparency(TransparentMode.NONE, Next.CONNECT, List.of(),
            DestinationExtension.DEFAULT_TYPE);

    /** Where a connection goes next. */
    public enum Next {
        /** The {@code connect} list (and {@code redirect}), as without {@code transparent = destination}. */
        CONNECT,
        /** stunnel's destination mode: the original destination of the accepted connection itself. */
        ORIGINAL,
        /** Our gateway client: the {@code connect} list, telling the exit server the accepted connection's
         * original destination in the ClientHello. */
        CARRY,
        /** Our exit server: the destination the authenticated client carried, when an allow line permits it. */
        CARRIED
    }

    public Transparency {
        allow = List.copyOf(allow);
        if ((next == Next.CARRIED) == allow.isEmpty()) {
            throw new IllegalArgumentException("transparentAllow lines go with (and only with) a carried destination");
        }
    }

    /** {@code source} and {@code both}: the next hop sees the client's address (IP_TRANSPARENT). */
    public boolean spoofsSource() {
        return mode == TransparentMode.SOURCE || mode == TransparentMode.BOTH;
    }

    /** The allow-list a {@link Next#CARRIED} service matches destinations against. */
    public AllowList allowList() {
        return new AllowList(allow);
    }
}
