package org.stunneljava.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;


/**
 * Runs the {@code openssl} command line for cross-checks. When openssl is missing the calling test is skipped,
 * except under CI ({@code CI=true}), where a missing tool must fail the build instead of hiding a gap.
 */
public final class OpenSsl {
    /** What a finished openssl run printed (stdout and stderr merged) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    private OpenSsl() {
    }

    /** Skips the test (or fails it under CI) when no {@code openssl} is on the PATH. */
    public static void assumeInstalled() {
        Capabilities.command("openssl");
    }

    /** Runs {@code openssl args...} with a 30-second limit. */
    public static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /**
     * One {@code openssl s_client -brief} handshake with 127.0.0.1:port, verifying the server against
     * {@code caFile} for the name localhost; stdin is closed at once, so it ends with close_notify. The output has
     * its {@code Protocol version:}, {@code Signature type:} and {@code Verification:} lines.
     */
    public static Result handshake(int port, Path caFile, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port, "-CAfile",
                caFile.toString(), "-verify_return_error", "-verify_hostname", "localhost", "-servername",
                "localhost", "-brief"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

}
