package org.stunneljava.config;

import java.util.ArrayList;
import java.util.List;
import org.stunneljava.origdst.AllowRule;
import org.stunneljava.origdst.AllowRuleException;
import org.stunneljava.origdst.DestinationExtension;

/**
 * {@code transparent} (stunnel's), and our extensions for the transparent gateway (DESIGN.md section 4):
 * {@code transparentAllow} (repeatable: where an exit server may connect a carried destination) and
 * {@code transparentExtension} (the ClientHello extension type that carries it). Each allow line is parsed at its
 * own line, so a bad one is reported there.
 */
final class TransparentOptions {
    static final String ALLOW = "transparentAllow";
    static final String EXTENSION = "transparentExtension";
    private static final int PRIVATE_USE_FIRST = 0xFF00;
    private static final int RENEGOTIATION_INFO = 0xFF01;

    private TransparentMode mode = TransparentMode.NONE;           // none
    private List<AllowRule> allow = new ArrayList<>();               // none: carried destinations are not used
    private int extensionType = DestinationExtension.DEFAULT_TYPE;  // 65371 (0xFF5B)
    private boolean extensionSet;

    TransparentOptions copy() {
        TransparentOptions c = new TransparentOptions();
        c.mode = mode;
        c.allow = new ArrayList<>(allow);
        c.extensionType = extensionType;
        c.extensionSet = extensionSet;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "transparent" -> mode = TransparentMode.parse(value)
                    .orElseThrow(() -> new OptionError("Selected transparent proxy mode is not available"));
            case ALLOW -> allow.add(rule(value));
            case EXTENSION -> {
                extensionType = extensionType(value);
                extensionSet = true;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static AllowRule rule(String value) throws OptionError {
        try {
            return AllowRule.parse(value);
        } catch (AllowRuleException e) {
            throw new OptionError(e.getMessage());
        }
    }

    /** A type from IANA's private-use range, so no standard extension is shadowed; never renegotiation_info. */
    private static int extensionType(String value) throws OptionError {
        Integer type = Values.integer(value);
        if (type == null || type < PRIVATE_USE_FIRST || type > 0xFFFF || type == RENEGOTIATION_INFO) {
            throw new OptionError("Invalid transparentExtension: a private-use type, 65280-65535, not 65281"
                    + " (renegotiation_info)");
        }
        return type;
    }

    TransparentMode mode() {
        return mode;
    }

    /**
     * Whether {@code transparent} counts as one of the service's two endpoints, as in stunnel: destination mode is
     * where the connection goes. A client that also has {@code connect} carries the original destination to it
     * instead (our gateway), so there {@code connect} is the endpoint.
     */
    boolean isEndpoint(boolean client, boolean hasConnect) {
        return mode.destination() && !(client && hasConnect);
    }

    /** The resolved behaviour; call after {@link #checkGateway}. */
    Transparency build(boolean client, boolean hasConnect) {
        Transparency.Next next;
        if (!mode.destination()) {
            next = Transparency.Next.CONNECT;
        } else if (client) {
            next = hasConnect ? Transparency.Next.CARRY : Transparency.Next.ORIGINAL;
        } else {
            next = allow.isEmpty() ? Transparency.Next.ORIGINAL : Transparency.Next.CARRIED;
        }
        return new Transparency(mode, next, allow, extensionType);
    }

    /** The gateway rules that stunnel has no equivalent for, checked at the end of the section. */
    void checkGateway(boolean client, boolean verifies) throws OptionError {
        if (extensionSet && !mode.destination()) {
            throw new OptionError("\"transparentExtension\" needs \"transparent = destination\"");
        }
        if (allow.isEmpty()) {
            return;
        }
        if (client) {
            throw new OptionError("\"transparentAllow\" is for server sections (the exit server)");
        }
        if (!mode.destination()) {
            throw new OptionError("\"transparentAllow\" needs \"transparent = destination\"");
        }
        if (!verifies) {
            throw new OptionError("Either \"verifyChain\" or \"verifyPeer\" has to be enabled for"
                    + " \"transparentAllow\": only an authenticated client may name a destination");
        }
    }
}
