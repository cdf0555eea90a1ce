package org.stunneljava.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tunnel a scenario drives: ours (a service in the test's JVM) or the real stunnel (a process), so that one
 * scenario, with one expected transcript and one list of expected log lines, runs against both. The log lines of
 * the scenario's one connection come back as {@code LOG<n>: text}, without time stamp or connection id.
 */
public interface TunnelUnderTest extends AutoCloseable {
    Pattern STUNNEL_LINE = Pattern.compile("^\\d{4}\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d LOG(\\d)\\[\\d+\\]: (.*)$");
    Pattern OUR_LINE = Pattern.compile("^LOG(\\d)\\[[^]]*\\]: (.*)$");
    Pattern CLOSE_LINE = Pattern.compile("LOG5: Connection (closed|reset)\\S*: .*");

    int port();

    /** The connection's lines, once it wrote its close line. */
    List<String> connectionLines(Duration timeout) throws InterruptedException;

    @Override
    void close();

    /** Our service in this JVM; the scenario makes one connection to it. */
    static TunnelUnderTest ours(InProcessService service) {
        return new TunnelUnderTest() {
            @Override
            public int port() {
                return service.port();
            }

            @Override
            public List<String> connectionLines(Duration timeout) throws InterruptedException {
                service.awaitClosed(1, timeout);
                return normalized(service.connectionLogs().getFirst().lines(), OUR_LINE);
            }

            @Override
            public void close() {
                service.close();
            }
        };
    }

    /**
     * The real stunnel with {@code section} (a {@code [name]} section accepting on 127.0.0.1:0) at debug level, so
     * it logs the protocol lines as ours does.
     */
    static TunnelUnderTest stunnel(Path dir, String name, String section) throws Exception {
        return process(Programs.stunnel(Confs.write(dir, "stunnel-" + name + ".conf",
                "debug = debug\npid =\n" + section)), name);
    }

    /** Our program of {@code mode} (the built jar, as a user runs it) with {@code section}, at debug level. */
    static TunnelUnderTest program(Programs.Mode mode, Path dir, String name, String section) throws Exception {
        return process(Programs.stunnelJava(mode, Confs.write(dir, "ours-" + name + ".conf",
                "debug = debug\n" + section)), name);
    }

    /** A program that logs in stunnel's format, once it accepts connections for {@code name}. */
    private static TunnelUnderTest process(ManagedProcess process, String name) throws Exception {
        try {
            int port = process.awaitPort(name, Programs.START);
            process.await("Accepting new connections", Programs.START);
            return new TunnelUnderTest() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public List<String> connectionLines(Duration timeout) throws InterruptedException {
                    process.await("LOG5\\[\\d+\\]: Connection (closed|reset)", timeout);
                    return normalized(process.lines(), STUNNEL_LINE);
                }

                @Override
                public void close() {
                    process.close();
                }
            };
        } catch (AssertionError | InterruptedException e) {
            process.close();
            throw e;
        }
    }

    /**
     * A client tunnel in front of a server tunnel: the scenario's local end connects to {@code client}, which
     * connects to {@code server}, which connects the remote end. The lines are the client's, then the server's.
     */
    static TunnelUnderTest pair(TunnelUnderTest client, TunnelUnderTest server) {
        return new TunnelUnderTest() {
            @Override
            public int port() {
                return client.port();
            }

            @Override
            public List<String> connectionLines(Duration timeout) throws InterruptedException {
                List<String> lines = new java.util.ArrayList<>(client.connectionLines(timeout));
                lines.addAll(server.connectionLines(timeout));
                return lines;
            }

            @Override
            public void close() {
                try (server) {
                    client.close();
                }
            }
        };
    }

    private static List<String> normalized(List<String> lines, Pattern format) {
        return lines.stream().map(format::matcher).filter(Matcher::matches)
                .map(m -> "LOG" + m.group(1) + ": " + m.group(2)).toList();
    }
}
