package org.stunneljava.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * TCP port names ({@code https}, {@code imaps}, ...) as {@code getservbyname(name, "tcp")} knows them: names and
 * aliases from a services(5) file, case-sensitive, the first entry winning. Immutable once built.
 */
public final class ServiceNames {
    private static final Path SYSTEM_FILE = Path.of("/etc/services");
    private final Map<String, Integer> ports;

    private ServiceNames(Map<String, Integer> ports) {
        this.ports = Map.copyOf(ports);
    }

    /** The system's {@code /etc/services}; no names at all when it cannot be read. */
    public static ServiceNames system() {
        try {
            return parse(Files.readString(SYSTEM_FILE, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return new ServiceNames(Map.of());
        }
    }

    /** Parses services(5) text: {@code name port/protocol [aliases...] [# comment]}; only tcp lines count. */
    public static ServiceNames parse(String text) {
        Map<String, Integer> ports = new HashMap<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String[] fields = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (fields.length < 2 || !fields[1].endsWith("/tcp")) {
                continue;
            }
            Integer port = port(fields[1].substring(0, fields[1].length() - "/tcp".length()));
            if (port == null) {
                continue;
            }
            for (int i = 0; i < fields.length; i++) {
                if (i != 1) {
                    ports.putIfAbsent(fields[i], port);
                }
            }
        }
        return new ServiceNames(ports);
    }

    public OptionalInt tcpPort(String name) {
        Integer port = ports.get(name);
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }

    private static Integer port(String text) {
        try {
            int p = Integer.parseInt(text);
            return p >= 0 && p <= 65535 ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
