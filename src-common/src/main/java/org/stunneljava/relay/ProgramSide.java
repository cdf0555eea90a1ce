package org.stunneljava.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stunneljava.config.ExecCommand;
import org.stunneljava.log.Severity;

/**
 * The plaintext end as a local program ({@code exec}): what the TLS peer sends goes to its standard input, its
 * standard output goes back; its standard error is stunnel-java's. Half-close closes its input. When the connection
 * ends before the program did (an error, a timeout), the program is terminated, so that no pump waits on it.
 */
public final class ProgramSide implements Side, AutoCloseable {
    private final Process process;
    private final InputStream out;
    private final OutputStream in;

    private ProgramSide(Process process) {
        this.process = process;
        this.out = process.getInputStream();
        this.in = process.getOutputStream();
    }

    /**
     * Starts the program with stunnel's variables added to our environment ({@code REMOTE_HOST},
     * {@code REMOTE_PORT}, and {@code SSL_CLIENT_DN}/{@code SSL_CLIENT_I_DN} when the client sent a certificate),
     * logs stunnel's lines for its start and its end, and ties it to the connection.
     *
     * <p>{@code execArgs}' first word is the program's {@code argv[0]} in stunnel; the JDK cannot set argv[0] apart
     * from the path, so the program sees its path there and the other words as its arguments.
     */
    public static ProgramSide start(Connection connection, ExecCommand command, Map<String, String> variables)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(command.program());
        cmd.addAll(command.argv().subList(1, command.argv().size()));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        org.stunneljava.process.ChildEnvironment.strip(builder.environment()); // NOTIFY_SOCKET etc. are ours
        builder.environment().putAll(variables);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // stunnel's child fails in execve and exits 1; the connection then closes: say why instead
            connection.log().log(Severity.ERR, "exec: " + command.program() + ": " + e.getMessage());
            throw e;
        }
        connection.log().log(Severity.INFO, "Local mode child started (PID=" + process.pid() + ")");
        process.onExit().thenAccept(p -> connection.log().log(Severity.INFO, "Child process " + p.pid()
                + " finished with code " + p.exitValue()));
        ProgramSide side = new ProgramSide(process);
        connection.attach(side);
        return side;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        return out.read(buf, off, len);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        in.write(buf, off, len);
        in.flush();
    }

    @Override
    public void shutdownOutput() throws IOException {
        in.close();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // the program is gone; nothing more to tell it
        }
    }
}
