package org.stunneljava.check;

import java.util.Optional;
import org.stunneljava.config.ConfigListing;

/**
 * One option line's verdict, in the order the loader judges it: a name stunnel does not know or a global option in
 * a section; the option table's status (refused, no effect); then what the value decides ({@link ValueRules}); then
 * the differences by name and the extensions ({@link OptionNotes}). Stateless.
 */
final class Classifier {
    private static final String NOT_VALID_HERE = "\"Specified option name is not valid here\"";

    private Classifier() {
    }

    static Verdict judge(ConfigListing.Line line, LineContext ctx) {
        if (line.option().isEmpty()) {
            return Verdict.notSupported("not a stunnel option (" + NOT_VALID_HERE + ")");
        }
        ConfigListing.KnownOption option = line.option().get();
        if (option.globalOnly() && !ctx.globalSection()) {
            return Verdict.notSupported("a global option, here in a section (" + NOT_VALID_HERE + ")");
        }
        switch (option.status()) {
            case NOT_YET -> {
                return Verdict.notSupported(OptionNotes.refused(option.name()));
            }
            case NO_EFFECT -> {
                return Verdict.differs(OptionNotes.noEffect(option.name()));
            }
            case SUPPORTED -> {
                // decided below
            }
        }
        Optional<Verdict> byValue = ValueRules.judge(option.name(), line.value(), ctx);
        if (byValue.isPresent()) {
            return byValue.get();
        }
        Optional<String> difference = OptionNotes.difference(option.name());
        if (difference.isPresent()) {
            return Verdict.differs(difference.get());
        }
        return OptionNotes.extension(option.name()) ? Verdict.supported("stunnel-java extension") : Verdict.SUPPORTED;
    }
}
