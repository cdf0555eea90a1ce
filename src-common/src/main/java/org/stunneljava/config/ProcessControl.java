package org.stunneljava.config;

import java.time.Duration;

/**
 * How the running program is reloaded and stopped (our global options, not stunnel's).
 *
 * @param reloadInterval {@code reloadInterval}: reload the configuration this often, for certificates that are
 *                       renewed in place; zero (the default) for never
 * @param reloadOnChange {@code reloadOnChange}: reload when a file the configuration reads (the configuration and
 *                       its includes, certificates, keys, CA and CRL files) changes; default no
 * @param drain          {@code TIMEOUTdrain}: after SIGTERM/SIGINT, how long established connections may run on
 *                       once the listeners are closed; zero (the default) cuts them at once, as stunnel does
 */
public record ProcessControl(Duration reloadInterval, boolean reloadOnChange, Duration drain) {
    public static final ProcessControl DEFAULTS = new ProcessControl(Duration.ZERO, false, Duration.ZERO);
}
