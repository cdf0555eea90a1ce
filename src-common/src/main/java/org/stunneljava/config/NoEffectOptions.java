package org.stunneljava.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.stunneljava.log.Severity;

/**
 * Options that have no effect on the JVM ({@code RNDbytes}, {@code RNDfile}, {@code RNDoverwrite}, {@code EGD}:
 * the JVM seeds its own random generators; {@code stack}: virtual threads size their stacks themselves;
 * {@code iconActive}, {@code iconError}, {@code iconIdle}, {@code taskbar}: Windows GUI; {@code retry}: only
 * exec+connect sections use it, and they are refused). Their values are checked
 * as stunnel checks them, so a file that loads here also loads there, and each gets one notice.
 */
final class NoEffectOptions {
    private final Set<String> noticed = new HashSet<>();

    void apply(String option, String value, Origin origin, List<StartupNotice> notices) throws OptionError {
        switch (option) {
            case "RNDbytes" -> number(value, "Illegal number of bytes to read from random seed files");
            case "stack" -> number(value, "Illegal thread stack size");
            case "RNDoverwrite", "taskbar" -> Values.yesNo(value);
            case "retry" -> RetryValue.check(value);
            default -> {
                // RNDfile, EGD and the icons take any text
            }
        }
        if (noticed.add(option)) {
            notices.add(new StartupNotice(Severity.NOTICE,
                    origin.prefix() + ": Option \"" + option + "\" has no effect in stunnel-java (ignored)"));
        }
    }

    private static void number(String value, String error) throws OptionError {
        if (Values.integer(value) == null) {
            throw new OptionError(error);
        }
    }
}
