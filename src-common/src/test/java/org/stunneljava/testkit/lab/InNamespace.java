package org.stunneljava.testkit.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Programs;

/**
 * Starts programs inside a network namespace, as {@link ManagedProcess}es the test closes (before it closes the
 * namespace's lab). {@code ip netns exec NS CMD} replaces itself with CMD after entering the namespace, so the
 * process's pid is the program's own and {@link ManagedProcess#close} signals the program itself.
 */
public final class InNamespace {
    /** What the lab's test mains need: SO_ORIGINAL_DST through FFM on a socket's fd; a quick start. */
    private static final List<String> TEST_MAIN_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private InNamespace() {
    }

    /** {@code ip netns exec NAMESPACE COMMAND...}. */
    public static List<String> command(String namespace, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        cmd.addAll(command);
        return cmd;
    }

    /** Any program, e.g. the real stunnel: {@code start(ns, "stunnel", List.of("stunnel", conf))}. */
    public static ManagedProcess start(String namespace, String name, List<String> command) throws IOException {
        return ManagedProcess.start(name, command(namespace, command));
    }

    /**
     * Our program, run as a user runs it ({@code java -jar <module jar> [extraArgs] CONF}), inside the namespace.
     * The jar is the one {@code mvn package} built (see {@link Programs#jar}), so this is for ITs of the mode
     * modules, which run after {@code package}.
     */
    public static ManagedProcess stunnelJava(String namespace, Programs.Mode mode, Path conf, String... extraArgs)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Programs.javaBinary(), "-jar", Programs.jar(mode).toString()));
        cmd.addAll(List.of(extraArgs));
        if (conf != null) {
            cmd.add(conf.toString());
        }
        return start(namespace, mode.module() + "@" + namespace, cmd);
    }

    /**
     * A main class of the test sources, run with this JVM's java binary and class path (the module's test class
     * path, which holds the test kit and the main classes) inside the namespace.
     */
    public static ManagedProcess testMain(String namespace, String name, Class<?> main, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Programs.javaBinary()));
        cmd.addAll(TEST_MAIN_FLAGS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return start(namespace, name + "@" + namespace, cmd);
    }
}
