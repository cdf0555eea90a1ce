package org.stunneljava.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The options of a configuration file as written, section by section, each with where it was written and what the
 * option table says of its name: the raw view the migration check judges line by line ({@code check/}). Only the
 * parse step runs (includes expanded in place): nothing is validated, no name is resolved, and no file is read but
 * the configuration files. A parse error ends the listing where the parser stopped; {@link ConfigLoader#load}
 * reports it.
 *
 * @param file     the main file by its real path, as every message names it
 * @param sections the global section first (possibly empty), then each {@code [section]} in file order
 */
public record ConfigListing(Path file, List<Section> sections) {

    public ConfigListing {
        sections = List.copyOf(sections);
    }

    /** What stunnel-java does with an option name (see {@link OptionCatalog}). */
    public enum Status {
        /** Validated into the records and acted on. */
        SUPPORTED,
        /** Accepted, its value checked, with a notice that it has no effect on the JVM. */
        NO_EFFECT,
        /** A stunnel option stunnel-java refuses: {@code Option "NAME" is not supported yet}. */
        NOT_YET
    }

    /**
     * @param name       stunnel's spelling (an alias maps to its option: {@code session} is sessionCacheTimeout)
     * @param globalOnly only the global section may hold it
     */
    public record KnownOption(String name, boolean globalOnly, Status status) {
    }

    /** A {@code key = value} line; {@code include} lines are listed too, before what they read. */
    public record Line(String key, String value, Origin origin, Optional<KnownOption> option) {
    }

    /** The global section ({@code name} and {@code origin} empty) or a {@code [name]} section. */
    public record Section(Optional<String> name, Optional<Origin> origin, List<Line> lines) {
        public Section {
            lines = List.copyOf(lines);
        }
    }

    /**
     * @throws ConfigException when the main file does not exist or cannot be read, with stunnel's lines
     */
    public static ConfigListing read(Path file, ConfigEnvironment env) throws ConfigException {
        Path real = ConfigLoader.realPath(file, env.workingDirectory());
        List<ParseEvent> events = ConfigLoader.parse(real, env, new ArrayList<>());
        List<Section> sections = new ArrayList<>();
        ParseEvent.SectionStart current = null; // the global section
        List<Line> lines = new ArrayList<>();
        List<Origin> includes = List.of();
        for (ParseEvent event : events) {
            // an include line is seen through the chain of the first line read from its directory
            for (Origin include : event.includes()) {
                if (!includes.contains(include)) {
                    lines.add(new Line("include", includedDirectory(include), include, option("include")));
                }
            }
            includes = event.includes();
            switch (event) {
                case ParseEvent.SectionStart start -> {
                    sections.add(section(current, lines));
                    current = start;
                    lines = new ArrayList<>();
                }
                case ParseEvent.OptionLine line ->
                        lines.add(new Line(line.key(), line.value(), line.origin(), option(line.key())));
                case ParseEvent.Failure failure -> {
                    // the parser stopped here; the loader reports why
                }
            }
        }
        sections.add(section(current, lines));
        return new ConfigListing(real, sections);
    }

    /** What the option table says of a name, case-insensitive as stunnel; empty when stunnel has no such option. */
    public static Optional<KnownOption> option(String name) {
        return OptionCatalog.find(name).map(e -> new KnownOption(e.name(), e.scope() == OptionCatalog.Scope.GLOBAL,
                switch (e.support()) {
                    case SUPPORTED -> Status.SUPPORTED;
                    case NO_EFFECT -> Status.NO_EFFECT;
                    case NOT_YET -> Status.NOT_YET;
                }));
    }

    private static Section section(ParseEvent.SectionStart start, List<Line> lines) {
        return start == null ? new Section(Optional.empty(), Optional.empty(), lines)
                : new Section(Optional.of(start.name()), Optional.of(start.origin()), lines);
    }

    /** An {@code options} name: OpenSSL 3 has no such name, has it without a bit (obsolete), or has it. */
    public enum TlsOptionName { UNKNOWN, OBSOLETE, KNOWN }

    /** What OpenSSL 3 (and so stunnel 5.68 on it) makes of an {@code options} name, without its {@code -}. */
    public static TlsOptionName tlsOption(String name) {
        var bits = SslOptionNames.find(name);
        return bits.isEmpty() ? TlsOptionName.UNKNOWN
                : bits.getAsLong() == 0 ? TlsOptionName.OBSOLETE : TlsOptionName.KNOWN;
    }

    /** The value of an include line, from its text: the parser keeps no event for the line itself. */
    private static String includedDirectory(Origin include) {
        String text = ConfigText.trim(include.text());
        return ConfigText.trimLeft(text.substring(text.indexOf('=') + 1));
    }
}
