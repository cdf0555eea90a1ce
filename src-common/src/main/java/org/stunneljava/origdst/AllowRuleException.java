package org.stunneljava.origdst;

/**
 * A {@code transparentAllow} value that cannot be parsed. The message is the reason alone, worded for a config
 * error line (for example {@code Invalid port range "9-3"}); the config layer adds file, line and option.
 */
public final class AllowRuleException extends Exception {
    public AllowRuleException(String reason) {
        super(reason, null, false, false);
    }
}
