package org.stunneljava.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace the test creates and deletes ({@code ip netns}), to run iptables and programs in without
 * touching the machine's own network. Needs root: {@link #create} skips the test (fails it under CI) without.
 * The caller closes it, which deletes the namespace and everything in it.
 */
public final class NetNs implements AutoCloseable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private final String name;

    private NetNs(String name) {
        this.name = name;
    }

    /** A fresh namespace named after the test process, so parallel runs do not collide. */
    public static NetNs create(String purpose) throws IOException, InterruptedException {
        Capabilities.command("ip");
        return createNamed("sj-" + purpose + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet());
    }

    /** A fresh namespace with exactly this name (the caller makes it unique), e.g. one host of a GatewayLab. */
    public static NetNs createNamed(String name) throws IOException, InterruptedException {
        Capabilities.command("ip");
        Result r = run(List.of("ip", "netns", "add", name));
        Capabilities.require(r.exitCode() == 0, "network namespaces (ip netns add: " + r.output().strip() + ")");
        return new NetNs(name);
    }

    public String name() {
        return name;
    }

    /** Runs a command inside the namespace (30-second limit); stdout and stderr together. */
    public Result exec(String... command) throws IOException, InterruptedException {
        return run(command(command));
    }

    /** Runs a command inside the namespace and fails unless it exits 0; its output. */
    public String check(String... command) throws IOException, InterruptedException {
        Result r = exec(command);
        if (r.exitCode() != 0) {
            throw new IOException(name + ": " + String.join(" ", command) + " exited " + r.exitCode() + ": " + r.output());
        }
        return r.output();
    }

    /** The command line that runs {@code command} inside the namespace, for a process the caller manages. */
    public List<String> command(String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return cmd;
    }

    /**
     * Joins this namespace to another with a veth pair, {@code here} on this side and {@code there} on the other,
     * both up. Interface names are per namespace, so short fixed names cannot collide with another test's; the
     * pair goes away with either namespace.
     */
    public void link(String here, NetNs other, String there) throws IOException, InterruptedException {
        check("ip", "link", "add", here, "type", "veth", "peer", "name", there, "netns", other.name());
        check("ip", "link", "set", here, "up");
        other.check("ip", "link", "set", there, "up");
    }

    public record Result(int exitCode, String output) {
    }

    /** Runs a command in the test's own (the host's) namespace, as {@link #exec} does inside one. */
    public static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("ip", "netns", "del", name));
    }
}
