package org.stunneljava.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the programs end-to-end tests talk to: our two jars (as built by {@code mvn package}), the real stunnel,
 * and openssl's s_server. Each returns a {@link ManagedProcess} the test closes.
 */
public final class Programs {
    public static final Duration START = Duration.ofSeconds(30);

    private Programs() {
    }

    public enum Mode {
        SERVER, CLIENT;

        public String module() {
            return "stunnel-java-" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Our program in its own JVM, run exactly as a user runs it: {@code java -jar <jar> CONF}. */
    public static ManagedProcess stunnelJava(Mode mode, Path conf, String... extraArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-jar", jar(mode).toString()));
        cmd.addAll(List.of(extraArgs));
        if (conf != null) {
            cmd.add(conf.toString());
        }
        return ManagedProcess.start(mode.module(), cmd);
    }

    /**
     * As {@link #stunnelJava(Mode, Path, String...)} with extra environment variables, set through {@code env(1)},
     * which replaces itself with the JVM (same process).
     */
    public static ManagedProcess stunnelJava(Mode mode, Path conf, java.util.Map<String, String> environment)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Capabilities.command("env").toString()));
        environment.forEach((name, value) -> cmd.add(name + "=" + value));
        cmd.addAll(List.of(javaBinary(), "-jar", jar(mode).toString(), conf.toString()));
        return ManagedProcess.start(mode.module(), cmd);
    }

    /** The real stunnel 5.x (the interop peer CI installs). */
    public static ManagedProcess stunnel(Path conf) throws IOException {
        return ManagedProcess.start("stunnel", List.of(Capabilities.command("stunnel").toString(), conf.toString()));
    }

    /** {@code openssl s_server} on an ephemeral loopback port; returns once it printed its ACCEPT line. */
    public static OpensslServer opensslServer(Path cert, Path key, String... extraArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Capabilities.command("openssl").toString(), "s_server",
                "-accept", "127.0.0.1:0", "-cert", cert.toString(), "-key", key.toString()));
        cmd.addAll(List.of(extraArgs));
        ManagedProcess p = ManagedProcess.start("s_server", cmd);
        int port = Integer.parseInt(p.await("^ACCEPT .*:(\\d+)$", START).group(1));
        return new OpensslServer(p, port);
    }

    /**
     * {@code openssl s_client -connect 127.0.0.1:port -CAfile caFile -servername localhost} and the extra arguments,
     * started at once (it prints as it goes; the test awaits its lines and writes to its stdin).
     */
    public static ManagedProcess opensslClient(int port, Path caFile, String... extraArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Capabilities.command("openssl").toString(), "s_client",
                "-connect", "127.0.0.1:" + port, "-CAfile", caFile.toString(), "-servername", "localhost"));
        cmd.addAll(List.of(extraArgs));
        return ManagedProcess.start("s_client", cmd);
    }

    public record OpensslServer(ManagedProcess process, int port) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Finds {@code <module>/target/<module>.jar} from the test's working directory (a module dir) upwards. */
    public static Path jar(Mode mode) {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve(mode.module()).resolve("target").resolve(mode.module() + ".jar");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(mode.module() + ".jar not found above " + dir + ": run `mvn package` first");
    }
}
