package org.stunneljava.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program started by a test, with every line it prints (stdout and stderr merged) collected so the test can wait
 * for a log line with a deadline instead of sleeping. {@link #close} sends SIGTERM, then SIGKILL after a grace
 * period, so no process outlives its test.
 */
public class ManagedProcess implements AutoCloseable {
    private static final Pattern BOUND = Pattern.compile("Service \\[([^\\]]*)\\] \\(FD=-?\\d+\\) bound to (.*):(\\d+)$");

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private boolean outputEnded; // guarded by lines: the collector reached the end of the output

    protected ManagedProcess(String name, List<String> command, Path workDir) throws IOException {
        this.name = name;
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        this.process = pb.start();
        Thread.ofVirtual().name(name + "-output").start(() -> collect(process.getInputStream()));
    }

    public static ManagedProcess start(String name, List<String> command) throws IOException {
        return new ManagedProcess(name, command, null);
    }

    private void collect(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process went away; what it printed is kept
        } finally {
            synchronized (lines) {
                outputEnded = true;
                lines.notifyAll();
            }
        }
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public String output() {
        return String.join("\n", lines());
    }

    /** Waits for a line matching the regex (found anywhere in the line); fails with the whole output otherwise. */
    public Matcher await(String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = p.matcher(lines.get(seen));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (outputEnded && seen == lines.size())) {
                    throw new AssertionError(name + ": no line matching /" + regex + "/ within " + timeout
                            + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")")
                            + "; output:\n" + String.join("\n", lines));
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
            }
        }
    }

    /** Sends a signal by name ({@code HUP}, {@code USR2}) with kill(1). */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + pid() + " failed");
        }
    }

    /** How many lines so far contain {@code fragment}. */
    public long count(String fragment) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.contains(fragment)).count();
        }
    }

    /** Waits until at least {@code n} lines contain {@code fragment}. */
    public void awaitCount(String fragment, long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (count(fragment) < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || outputEnded) {
                    throw new AssertionError(name + ": fewer than " + n + " lines containing \"" + fragment
                            + "\" within " + timeout + "; output:\n" + String.join("\n", lines));
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
            }
        }
    }

    /** Waits for stunnel's {@code bound to} line of a service and returns the port. */
    public int awaitPort(String service, Duration timeout) throws InterruptedException {
        Matcher m = await("Service \\[" + Pattern.quote(service) + "\\] \\(FD=-?\\d+\\) bound to .*:(\\d+)$", timeout);
        return Integer.parseInt(m.group(1));
    }

    /** Every {@code bound to} port the process logged so far, in order. */
    public List<Integer> boundPorts() {
        List<Integer> ports = new ArrayList<>();
        for (String l : lines()) {
            Matcher m = BOUND.matcher(l);
            if (m.find()) {
                ports.add(Integer.parseInt(m.group(3)));
            }
        }
        return ports;
    }

    /** Waits for the process to exit on its own and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + "; output:\n" + output());
        }
        awaitOutputEnd(timeout);
        return process.exitValue();
    }

    /** After exit, lets the collector take the last lines, so {@link #output} is complete. */
    private void awaitOutputEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (!outputEnded && System.nanoTime() < deadline) {
                lines.wait(100);
            }
        }
    }

    /**
     * SIGTERM, and the exit code. Sent with kill(1), not {@link Process#destroy}, which also closes our end of the
     * output pipe, so that what the program logs while it stops would be lost.
     */
    public int terminate(Duration timeout) throws InterruptedException {
        try {
            signal("TERM");
        } catch (IOException e) {
            process.destroy();
        }
        return awaitExit(timeout);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
