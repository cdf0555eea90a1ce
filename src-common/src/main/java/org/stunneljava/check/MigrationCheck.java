package org.stunneljava.check;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.stunneljava.config.ConfigEnvironment;
import org.stunneljava.config.ConfigException;
import org.stunneljava.config.ConfigListing;
import org.stunneljava.config.ConfigLoader;

/**
 * {@code -check CONF}: says, option by option with file:line, whether stunnel-java runs a stunnel.conf as stunnel
 * does, and exits 0 when the file will run as it is, 1 otherwise. The whole file is judged (both modes), the global
 * section and every section, includes expanded. The decisive test is the loader both programs use: when it refuses
 * the file, its lines are printed as the programs print them. Certificate, key, CA and CRL files are not opened
 * (the programs read them at start-up). Writes to the stream it is given, which it does not close.
 *
 * <pre>
 * FILE:LINE: OPTION: supported | differs: TEXT | not supported: TEXT
 * N option(s): A supported, B with differences, C not supported
 * This file will run with stunnel-java | This file will not run with stunnel-java: WHY
 * </pre>
 */
public final class MigrationCheck {
    private final ConfigEnvironment env;
    private final PrintStream out;
    private int supported;
    private int differs;
    private int refused;

    private MigrationCheck(ConfigEnvironment env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    /** Checks {@code file} with the system's resolver, services and working directory; returns the exit code. */
    public static int run(Path file, PrintStream out) {
        return run(file, ConfigEnvironment.system(), out);
    }

    public static int run(Path file, ConfigEnvironment env, PrintStream out) {
        return new MigrationCheck(env, out).check(file);
    }

    private int check(Path file) {
        ConfigListing listing;
        try {
            listing = ConfigListing.read(file, env);
        } catch (ConfigException e) {
            e.lines().forEach(l -> out.println("[!] " + l)); // stunnel's words for a missing or unreadable file
            return 1;
        }
        judge(listing);
        notes(listing);
        Optional<ConfigException> failure = load(file);
        failure.ifPresent(e -> e.lines().forEach(l -> out.println("[!] " + l)));
        out.println((supported + differs + refused) + " option(s): " + supported + " supported, " + differs
                + " with differences, " + refused + " not supported");
        if (failure.isEmpty() && refused == 0) {
            out.println("This file will run with stunnel-java");
            return 0;
        }
        out.println("This file will not run with stunnel-java: " + (refused > 0 ? refused + " option(s) not supported"
                + (failure.isPresent() ? "; both programs stop at the first error shown above" : "")
                : "both programs stop at the error shown above"));
        return 1;
    }

    private void judge(ConfigListing listing) {
        List<ConfigListing.Section> sections = listing.sections();
        Map<String, String> defaults = values(new HashMap<>(), sections.getFirst());
        boolean bothModes = bothModes(sections, defaults);
        LineContext global = new LineContext(true, defaults, bothModes);
        for (ValueRules.Unset unset : ValueRules.unset(global)) {
            print(listing.file() + ": " + unset.option() + " (not set): ", unset.verdict());
        }
        for (ConfigListing.Section section : sections) {
            LineContext ctx = global;
            if (section.name().isPresent()) {
                ctx = new LineContext(false, values(new HashMap<>(defaults), section), bothModes);
                String program = ctx.client() ? "client" : "server";
                out.println(where(section.origin().orElseThrow()) + "[" + section.name().get() + "]: a " + program
                        + " service (client = " + (ctx.client() ? "yes" : "no") + "): stunnel-java-" + program
                        + " runs it");
            }
            for (ConfigListing.Line line : section.lines()) {
                print(where(line.origin()) + line.key() + ": ", Classifier.judge(line, ctx));
            }
        }
    }

    private void print(String prefix, Verdict verdict) {
        switch (verdict.kind()) {
            case SUPPORTED -> supported++;
            case DIFFERS -> differs++;
            case NOT_SUPPORTED -> refused++;
        }
        out.println(prefix + verdict.render());
    }

    /** What the check did not look at, and what differs whatever the file says. */
    private void notes(ConfigListing listing) {
        Set<String> files = new LinkedHashSet<>();
        for (ConfigListing.Section section : listing.sections()) {
            for (ConfigListing.Line line : section.lines()) {
                line.option().map(ConfigListing.KnownOption::name).filter(OptionNotes.FILE_OPTIONS::contains)
                        .ifPresent(files::add);
            }
        }
        if (!files.isEmpty()) {
            boolean keys = files.contains("key") || files.contains("cert");
            out.println("note: the files named by " + String.join(", ", files) + " were not opened: the programs read"
                    + " them at start-up" + (keys ? "; an encrypted key needs keyPasswordFile or keyPasswordEnv"
                    + " (stunnel-java does not ask for a passphrase on the terminal)" : ""));
        }
        OptionNotes.GENERAL.forEach(n -> out.println("note: " + n));
    }

    private Optional<ConfigException> load(Path file) {
        try {
            ConfigLoader.load(file, env);
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(e);
        }
    }

    /** The section's options in effect: the defaults it starts from, then its own lines (last value wins). */
    private static Map<String, String> values(Map<String, String> start, ConfigListing.Section section) {
        for (ConfigListing.Line line : section.lines()) {
            String name = line.option().map(ConfigListing.KnownOption::name).orElse(line.key());
            start.put(name.toLowerCase(Locale.ROOT), line.value());
        }
        return start;
    }

    private static boolean bothModes(List<ConfigListing.Section> sections, Map<String, String> defaults) {
        Set<Boolean> modes = new LinkedHashSet<>();
        for (ConfigListing.Section section : sections.subList(1, sections.size())) {
            modes.add(new LineContext(false, values(new HashMap<>(defaults), section), false).client());
        }
        return modes.size() == 2;
    }

    private static String where(org.stunneljava.config.Origin origin) {
        return origin.file() + ":" + origin.line() + ": ";
    }
}
