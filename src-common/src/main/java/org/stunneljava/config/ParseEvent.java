package org.stunneljava.config;

import java.util.List;

/**
 * What the parse step saw, in file order (includes expanded in place). Every event carries the chain of
 * {@code include} lines it was read through, outermost first: stunnel adds a {@code Failed to include a file} line
 * for each of them when something inside fails.
 */
sealed interface ParseEvent permits ParseEvent.SectionStart, ParseEvent.OptionLine, ParseEvent.Failure {

    List<Origin> includes();

    /** A {@code [name]} line. */
    record SectionStart(String name, Origin origin, List<Origin> includes) implements ParseEvent {
        public SectionStart {
            includes = List.copyOf(includes);
        }
    }

    /** A {@code key = value} line: key right-trimmed, value left-trimmed (and right-trimmed with the line). */
    record OptionLine(String key, String value, Origin origin, List<Origin> includes) implements ParseEvent {
        public OptionLine {
            includes = List.copyOf(includes);
        }
    }

    /**
     * The parse stopped here (no {@code =}, an unreadable include directory, ...): {@code lines} are stunnel's
     * messages for it, before the include wrappers. Always the last event.
     */
    record Failure(List<String> lines, List<Origin> includes) implements ParseEvent {
        public Failure {
            lines = List.copyOf(lines);
            includes = List.copyOf(includes);
        }
    }
}
