package org.stunneljava.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stunneljava.log.Severity;

/**
 * {@code accept} and {@code connect} (repeatable, kept as written until the section ends), {@code delay} and
 * {@code failover}. At the end of a section the values become endpoints the way stunnel resolves them there: an
 * accept value that cannot be used is logged and dropped, and the service fails only when none is left; a connect
 * value that cannot be used is logged and dropped, and when none resolves the service switches to the delayed
 * resolver (stunnel's "Cannot resolve connect target - delaying DNS lookup").
 */
final class AddressOptions {
    private List<String> accept = new ArrayList<>();  // none
    private List<String> connect = new ArrayList<>(); // none
    private List<String> redirect = new ArrayList<>(); // none: a failed authentication refuses the client
    private boolean delay;                            // no: resolve connect names at start-up
    private Failover failover = Failover.PRIO;        // prio: in configuration order

    AddressOptions copy() {
        AddressOptions c = new AddressOptions();
        c.accept = new ArrayList<>(accept);
        c.connect = new ArrayList<>(connect);
        c.redirect = new ArrayList<>(redirect);
        c.delay = delay;
        c.failover = failover;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "accept" -> accept.add(value);
            case "connect" -> connect.add(value);
            case "redirect" -> redirect.add(value);
            case "delay" -> delay = Values.yesNo(value);
            case "failover" -> failover = switch (value.toLowerCase(Locale.ROOT)) {
                case "rr" -> Failover.RR;
                case "prio" -> Failover.PRIO;
                default -> throw new OptionError("The argument needs to be either 'rr' or 'prio'");
            };
            default -> {
                return false;
            }
        }
        return true;
    }

    boolean hasAccept() {
        return !accept.isEmpty();
    }

    boolean hasConnect() {
        return !connect.isEmpty();
    }

    /** The first connect value as written (stunnel's SNI default takes its host part), or null. */
    String firstConnect() {
        return connect.isEmpty() ? null : connect.get(0);
    }

    /** stunnel's end-of-section accept step: fails only when no accept value can be used. */
    List<Endpoint> acceptEndpoints(Addresses addresses, List<StartupNotice> notices) throws OptionError {
        List<Endpoint> endpoints = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String value : accept) {
            Addresses.Result r = addresses.parse(value, true);
            if (r.ok()) {
                endpoints.add(r.endpoint());
            } else {
                errors.add(r.error());
            }
        }
        if (!accept.isEmpty() && endpoints.isEmpty()) {
            throw new OptionError(errors, "Cannot resolve accept target", null);
        }
        errors.forEach(e -> notices.add(new StartupNotice(Severity.ERR, e)));
        return endpoints;
    }

    /**
     * stunnel's end-of-section connect step. Without {@code delay}, every value is resolved now: those that fail
     * are logged and left out; when none resolves the service switches to the delayed resolver, which then keeps
     * every value whose port is usable (names are retried per connection). A value whose port is unusable (e.g.
     * {@code 9 ; comment}: there are no inline comments) can never work and is always left out, with its log line.
     */
    List<Endpoint> connectEndpoints(Addresses addresses, List<StartupNotice> notices) {
        if (connect.isEmpty()) {
            return List.of();
        }
        if (!delay) {
            List<Endpoint> resolved = usable(addresses, true, notices);
            if (!resolved.isEmpty()) {
                return resolved;
            }
            notices.add(new StartupNotice(Severity.INFO, "Cannot resolve connect target - delaying DNS lookup"));
            delay = true;
            return usable(addresses, false, new ArrayList<>()); // its errors were just logged
        }
        return usable(addresses, false, notices);
    }

    boolean hasRedirect() {
        return !redirect.isEmpty();
    }

    /**
     * stunnel's end-of-section redirect step (after connect): without {@code delay}, when no redirect value
     * resolves, the whole service switches to the delayed resolver, connect targets included.
     */
    List<Endpoint> redirectEndpoints(Addresses addresses, List<StartupNotice> notices) {
        if (redirect.isEmpty()) {
            return List.of();
        }
        if (!delay) {
            List<Endpoint> resolved = usable(redirect, addresses, true, notices);
            if (!resolved.isEmpty()) {
                return resolved;
            }
            notices.add(new StartupNotice(Severity.INFO, "Cannot resolve redirect target - delaying DNS lookup"));
            delay = true;
            return usable(redirect, addresses, false, new ArrayList<>());
        }
        return usable(redirect, addresses, false, notices);
    }

    private List<Endpoint> usable(Addresses addresses, boolean resolveHosts, List<StartupNotice> notices) {
        return usable(connect, addresses, resolveHosts, notices);
    }

    private static List<Endpoint> usable(List<String> values, Addresses addresses, boolean resolveHosts,
                                         List<StartupNotice> notices) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String value : values) {
            Addresses.Result r = addresses.parse(value, resolveHosts);
            if (r.ok()) {
                endpoints.add(r.endpoint());
            } else {
                notices.add(new StartupNotice(Severity.ERR, r.error()));
            }
        }
        return endpoints;
    }

    boolean delay() {
        return delay;
    }

    /** stunnel forces prio with the delayed resolver (also when it was switched on automatically). */
    Failover failover() {
        return delay ? Failover.PRIO : failover;
    }
}
