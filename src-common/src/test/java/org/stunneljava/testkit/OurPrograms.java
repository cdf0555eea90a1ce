package org.stunneljava.testkit;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Our programs with one service, the way most end-to-end tests start them: the conf goes to
 * {@code dir/<service>.conf} ({@link Confs#PREAMBLE}, the global lines, then {@code [service]} accepting on a free
 * loopback port and connecting to 127.0.0.1:connectPort, then the service's extra lines), and each returns once the
 * program logged {@code Accepting new connections}. The caller closes the process.
 */
public final class OurPrograms {
    private OurPrograms() {
    }

    /** Our client program with {@code [service] client = yes} and the extra lines. */
    public static ManagedProcess client(Path dir, String service, int connectPort, String extra) throws Exception {
        return client(dir, "", service, connectPort, extra);
    }

    /** As {@link #client(Path, String, int, String)}, with global lines before the section. */
    public static ManagedProcess client(Path dir, String globals, String service, int connectPort, String extra)
            throws Exception {
        return started(Programs.Mode.CLIENT, write(dir, globals, service, connectPort, "client = yes\n" + extra));
    }

    /** Our server program with {@code [service] cert = cert} and the extra lines. */
    public static ManagedProcess server(Path dir, String service, int backendPort, Path cert, String extra)
            throws Exception {
        return server(dir, "", service, backendPort, cert, extra);
    }

    /** As {@link #server(Path, String, int, Path, String)}, with global lines before the section. */
    public static ManagedProcess server(Path dir, String globals, String service, int backendPort, Path cert,
                                        String extra) throws Exception {
        return started(Programs.Mode.SERVER, serverConf(dir, globals, service, backendPort, cert, extra));
    }

    /** The conf {@link #server(Path, String, String, int, Path, String)} runs, for a test that starts it itself. */
    public static Path serverConf(Path dir, String globals, String service, int backendPort, Path cert,
                                  String extra) throws IOException {
        return write(dir, globals, service, backendPort, "cert = " + cert + "\n" + extra);
    }

    /** The service lines of a client that verifies its server's chain against {@code caFile} and for localhost. */
    public static String verifyingLocalhost(Path caFile) {
        return "verifyChain = yes\nCAfile = " + caFile + "\ncheckHost = localhost\n";
    }

    /** Our program with this conf, once it logged {@code Accepting new connections}. */
    public static ManagedProcess started(Programs.Mode mode, Path conf) throws Exception {
        ManagedProcess program = Programs.stunnelJava(mode, conf);
        try {
            program.await("Accepting new connections", Programs.START);
        } catch (AssertionError e) {
            program.close(); // no process outlives its test, even one that failed to start
            throw e;
        }
        return program;
    }

    /**
     * Our program with a conf it must refuse: it exits 1 before binding any port, its output ending with stunnel's
     * {@code [!] Configuration failed}. Returns that output, for the test to check what the program said.
     */
    public static String refusedAtStartUp(Programs.Mode mode, Path conf) throws Exception {
        try (ManagedProcess program = Programs.stunnelJava(mode, conf)) {
            int exit = program.awaitExit(Programs.START);
            String out = program.output();
            if (exit != 1 || !out.endsWith("[!] Configuration failed") || !program.boundPorts().isEmpty()) {
                throw new AssertionError("expected exit 1 before binding, after \"[!] Configuration failed\"; exit "
                        + exit + ", output:\n" + out);
            }
            return out;
        }
    }

    private static Path write(Path dir, String globals, String service, int connectPort, String lines)
            throws IOException {
        String global = globals.isEmpty() || globals.endsWith("\n") ? globals : globals + "\n";
        return Confs.write(dir, service + ".conf", global + """
                [%s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                """.formatted(service, connectPort) + lines + "\n");
    }
}
