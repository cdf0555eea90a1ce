package org.stunneljava.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the kernel says about a process, read from {@code /proc}: the {@code status} fields ({@code Uid}, {@code Gid},
 * {@code Groups}, {@code PPid}, {@code CapEff}, ...) of the process and of each of its threads, its session, and
 * where its standard descriptors point.
 */
public final class ProcStatus {
    private ProcStatus() {
    }

    /** The fields of {@code /proc/PID/status}, values trimmed ({@code "65534\t65534\t65534\t65534"}). */
    public static Map<String, String> of(long pid) throws IOException {
        return parse(Path.of("/proc", Long.toString(pid), "status"));
    }

    /** The status fields of every thread ({@code /proc/PID/task/TID/status}), by thread id. */
    public static Map<Long, Map<String, String>> threads(long pid) throws IOException {
        Map<Long, Map<String, String>> threads = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    threads.put(Long.parseLong(task.getFileName().toString()), parse(task.resolve("status")));
                } catch (NoSuchFileException e) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return threads;
    }

    /** The session id (field 6 of {@code /proc/PID/stat}): the pid itself for a session leader ({@code setsid}). */
    public static long session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(afterName[3]); // state, ppid, pgrp, session
    }

    /** Where descriptors 0, 1 and 2 point ({@code /dev/null}, {@code pipe:[...]}, ...). */
    public static List<String> standardDescriptors(long pid) throws IOException {
        List<String> targets = new ArrayList<>();
        for (int fd = 0; fd <= 2; fd++) {
            targets.add(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", Integer.toString(fd)))
                    .toString());
        }
        return targets;
    }

    /** Whether this test runs as root (CI does, and so do the privilege tests' subjects). */
    public static boolean root() {
        try {
            return of(ProcessHandle.current().pid()).get("Uid").startsWith("0\t");
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, String> parse(Path status) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : Files.readAllLines(status)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }
}
