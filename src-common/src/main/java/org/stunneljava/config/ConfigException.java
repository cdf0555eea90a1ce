package org.stunneljava.config;

import java.util.List;

/**
 * The configuration cannot be used. {@link #lines()} holds what stunnel would print before
 * {@code Configuration failed}: usually one line such as {@code FILE:LINE: "line": reason} or
 * {@code Service [name]: reason}, sometimes a detail line first.
 */
public final class ConfigException extends Exception {
    private final List<String> lines;

    public ConfigException(String line) {
        this(List.of(line));
    }

    public ConfigException(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
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
}
