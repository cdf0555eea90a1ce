package org.stunneljava.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.StunnelConfig;
import org.stunneljava.config.Verification;

/**
 * The files a configuration reads (the file and its includes, and each service's certificate, key, CA, CRL, PSK
 * and key-password files; for a directory, the directory and every file in it) and a fingerprint of each: what
 * {@code reloadOnChange} compares. The fingerprint follows symbolic links (a renewal that swaps a link changes the
 * file it reaches) and is the modification time, size and inode, so a file rewritten in place and a file replaced
 * by a rename are both seen. Immutable.
 */
record WatchedFiles(List<Path> paths) {
    /** What one path looked like; {@link #MISSING} for a file that is not there (or cannot be read). */
    record Fingerprint(long modifiedNanos, long size, Object fileKey) {
        static final Fingerprint MISSING = new Fingerprint(-1, -1, null);
    }

    WatchedFiles {
        paths = List.copyOf(paths);
    }

    /** The main configuration file alone, named as the loader names it (its real path), before it is read. */
    static WatchedFiles ofFile(Path config) {
        try {
            return new WatchedFiles(List.of(config.toRealPath()));
        } catch (IOException e) {
            return new WatchedFiles(List.of()); // the load that follows says what is wrong with it
        }
    }

    static WatchedFiles of(StunnelConfig config, ModeSpec mode) {
        Set<Path> paths = new LinkedHashSet<>(config.sources());
        for (ServiceConfig service : config.services()) {
            if (mode.runs(service)) {
                paths.addAll(materialOf(service));
            }
        }
        return new WatchedFiles(new ArrayList<>(paths));
    }

    private static List<Path> materialOf(ServiceConfig service) {
        Verification v = service.tls().verification();
        List<Path> files = new ArrayList<>();
        Stream.of(service.tls().cert(), service.tls().key(), v.caFile(), v.caPath(), v.crlFile(), v.crlPath(),
                        service.tls().psk().secrets(), service.tls().keyPassword().file())
                .flatMap(Optional::stream).forEach(files::add);
        return files;
    }

    /** These files and {@code other}'s. */
    WatchedFiles and(WatchedFiles other) {
        Set<Path> all = new LinkedHashSet<>(paths);
        all.addAll(other.paths);
        return new WatchedFiles(new ArrayList<>(all));
    }

    /** Every path's fingerprint now; a directory adds one entry per file in it. */
    Map<Path, Fingerprint> fingerprints() {
        Map<Path, Fingerprint> all = new LinkedHashMap<>();
        for (Path path : paths) {
            Fingerprint f = fingerprint(path);
            all.put(path, f);
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    entries.sorted().forEach(e -> all.put(e, fingerprint(e)));
                } catch (IOException | java.io.UncheckedIOException e) {
                    // unreadable now, or changing while listed: the directory's own fingerprint stands for it
                }
            }
        }
        return all;
    }

    /**
     * The fingerprints to compare later changes with, for files just read: a path also in {@code before} (taken
     * before reading began) keeps that older fingerprint, so a change made while reading still counts as one.
     */
    Map<Path, Fingerprint> fingerprintsSince(Map<Path, Fingerprint> before) {
        Map<Path, Fingerprint> now = fingerprints();
        now.replaceAll((path, f) -> before.getOrDefault(path, f));
        return now;
    }

    private static Fingerprint fingerprint(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new Fingerprint(a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size(), a.fileKey());
        } catch (IOException e) {
            return Fingerprint.MISSING;
        }
    }
}
