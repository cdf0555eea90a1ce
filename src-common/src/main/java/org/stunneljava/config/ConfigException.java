package org.stunneljava.config;

import java.util.List;

/**
 * The configuration cannot be used. {@link #lines()} holds what stunnel would print before
 * {@code Configuration failed}: usually one line such as {@code FILE:LINE: "line": reason} or
 * {@code Service [name]: reason}, sometimes detail lines first (e.g. {@code Unknown TCP service "x"}) and
 * {@code Failed to include a file} lines after. Control characters are shown as {@code .}, as stunnel's logger
 * shows them.
 */
public final class ConfigException extends Exception {
    private final List<String> lines;

    public ConfigException(String line) {
        this(List.of(line));
    }

    public ConfigException(List<String> lines) {
        super(String.join("\n", printable(lines)));
        this.lines = printable(lines);
    }

    public static ConfigException at(Origin origin, String reason) {
        return new ConfigException(origin.prefix() + ": " + reason);
    }

    public static ConfigException service(String name, String reason) {
        return new ConfigException("Service [" + name + "]: " + reason);
    }

    public List<String> lines() {
        return lines;
    }

    /** stunnel replaces non-printable ASCII (a tab in a quoted line, ...) by a dot; UTF-8 text stays. */
    private static List<String> printable(List<String> lines) {
        return lines.stream().map(l -> {
            StringBuilder b = new StringBuilder(l.length());
            l.chars().forEach(c -> b.append(c < 0x20 || c == 0x7f ? '.' : (char) c));
            return b.toString();
        }).toList();
    }
}
