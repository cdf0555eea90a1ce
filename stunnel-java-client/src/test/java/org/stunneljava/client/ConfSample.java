package org.stunneljava.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.TestPki;

/**
 * A {@code conf/*.conf} sample made runnable in a test: every {@code accept} on 127.0.0.1 port 0, every
 * certificate and CA file pointed at {@link TestPki} files, {@code checkHost} at the PKI's server name, the
 * process options (foreground, log level, pid) set for a test, and each {@code connect} left to the test to point
 * at a peer. Everything else stays as the sample has it, so the options a user copies are the ones tested.
 */
final class ConfSample {
    /**
     * One service section as the sample declares it.
     *
     * @param transparent {@code transparent = destination}: its connections need a NAT redirection (gateway
     *                    client) or a carried destination (exit server)
     */
    record Service(String name, boolean client, List<Integer> acceptPorts, List<String> connects,
                   boolean transparent) {
    }

    private static final List<String> PROCESS_OPTIONS = List.of("foreground", "syslog", "debug", "output", "pid");

    private final Path source;
    private final List<String> lines;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final boolean hasPid;

    private ConfSample(Path source) throws IOException {
        this.source = source;
        this.lines = Files.readAllLines(source);
        boolean globalClient = false;
        boolean pid = false;
        String section = null;
        Map<String, Boolean> client = new LinkedHashMap<>();
        Map<String, List<Integer>> accepts = new LinkedHashMap<>();
        Map<String, List<String>> connects = new LinkedHashMap<>();
        Map<String, Boolean> transparent = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                client.put(section, globalClient);
                accepts.put(section, new ArrayList<>());
                connects.put(section, new ArrayList<>());
                continue;
            }
            String key = key(line);
            String value = value(line);
            switch (key) {
                case "client" -> {
                    boolean yes = value.equalsIgnoreCase("yes");
                    if (section == null) {
                        globalClient = yes;
                    } else {
                        client.put(section, yes);
                    }
                }
                case "pid" -> pid = !value.isEmpty();
                case "accept" -> accepts.get(section).add(port(value));
                case "connect" -> connects.get(section).add(value);
                case "transparent" -> transparent.put(section, value.equalsIgnoreCase("destination")
                        || value.equalsIgnoreCase("both"));
                default -> { }
            }
        }
        this.hasPid = pid;
        for (String name : client.keySet()) {
            services.put(name, new Service(name, client.get(name), accepts.get(name), connects.get(name),
                    transparent.getOrDefault(name, false)));
        }
    }

    static ConfSample read(Path source) throws IOException {
        return new ConfSample(source);
    }

    Path source() {
        return source;
    }

    List<Service> services() {
        return List.copyOf(services.values());
    }

    boolean hasServices(boolean clientMode) {
        return services.values().stream().anyMatch(s -> s.client() == clientMode);
    }

    boolean hasPid() {
        return hasPid;
    }

    /** The server-mode service whose {@code accept} port a {@code connect} names, if any (a pair in one file). */
    String serverServiceOnPort(int port) {
        return services.values().stream().filter(s -> !s.client() && s.acceptPorts().contains(port))
                .map(Service::name).findFirst().orElse(null);
    }

    /**
     * Writes the runnable copy to {@code file}.
     *
     * @param connectPort the port each {@code connect} of a service goes to, given the sample's port; the host
     *                    becomes 127.0.0.1
     */
    Path writeRunnable(Path file, TestPki pki, Path pidFile, Map<String, IntUnaryOperator> connectPort)
            throws IOException {
        String head = hasPid ? "pid = " + pidFile + "\n" : "";
        return write(file, pki, head, (section, key, value) -> switch (key) {
            case "accept" -> List.of("accept = 127.0.0.1:0");
            case "connect" -> List.of("connect = 127.0.0.1:"
                    + connectPort.getOrDefault(section, p -> p).applyAsInt(port(value)));
            case "checkhost" -> List.of("checkHost = localhost");
            case "status" -> List.of("status = 127.0.0.1:0"); // the sample's port may be taken here
            default -> null;
        });
    }

    /**
     * Writes a copy for a test network of its own (the gateway lab): every option named in {@code replace}
     * (lower-case) is replaced, at its first line, by the given lines, and its other lines are dropped.
     */
    Path writeReplacing(Path file, TestPki pki, Map<String, List<String>> replace) throws IOException {
        Set<String> done = new HashSet<>();
        return write(file, pki, "", (section, key, value) -> !replace.containsKey(key) ? null
                : done.add(key) ? replace.get(key) : List.of());
    }

    /** What replaces one option line: the lines to write instead, or null to apply the common rules. */
    @FunctionalInterface
    private interface Rewrite {
        List<String> lines(String section, String key, String value);
    }

    /**
     * The common rules of every copy: comments and sections as they are, certificates and CA files pointed at
     * {@link TestPki} (the client's in client sections), the process options the test's, {@code include} refused;
     * {@code rewrite} first.
     */
    private Path write(Path file, TestPki pki, String head, Rewrite rewrite) throws IOException {
        StringBuilder out = new StringBuilder(head);
        String section = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                out.append(raw).append('\n');
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                out.append(raw).append('\n');
                continue;
            }
            String key = key(line);
            boolean clientSection = section != null && services.get(section).client();
            List<String> rewritten = rewrite.lines(section, key, value(line));
            if (rewritten == null) {
                String common = switch (key) {
                    case "cert" -> "cert = " + (clientSection ? pki.clientPem() : pki.serverPem());
                    case "key" -> "key = " + (clientSection ? pki.client() : pki.server()).keyPem();
                    case "cafile" -> "CAfile = " + pki.caPem();
                    case "include" -> throw new IllegalStateException(source + ": include is not supported in"
                            + " samples");
                    default -> PROCESS_OPTIONS.contains(key) ? null : raw;
                };
                rewritten = common == null ? List.of() : List.of(common);
            }
            rewritten.forEach(l -> out.append(l).append('\n'));
        }
        Files.writeString(file, Confs.PREAMBLE + out);
        return file;
    }

    private static String key(String line) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            throw new IllegalStateException("not an option line: " + line);
        }
        return line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
    }

    private static String value(String line) {
        return line.substring(line.indexOf('=') + 1).strip();
    }

    /** The port of {@code [host:]port} (stunnel splits at the last colon). */
    static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1).strip());
    }
}
