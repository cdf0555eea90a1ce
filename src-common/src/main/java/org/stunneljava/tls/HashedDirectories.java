package org.stunneljava.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * OpenSSL's hashed-directory look-up ({@code X509_LOOKUP_hash_dir}, crypto/x509/by_dir.c) over the directories of
 * {@code CApath} and {@code CRLpath}, in that order. stunnel adds both to one OpenSSL look-up, so each directory
 * serves both kinds of file: certificates named {@code HASH.0}, {@code HASH.1}, ... and CRLs named {@code HASH.r0},
 * {@code HASH.r1}, ..., where HASH is the {@link CanonicalName#hash} of the subject (certificates) or issuer (CRLs),
 * as {@code openssl rehash} names them. Look-ups are lazy, at verification time, as OpenSSL's: a file added after
 * start-up is found, and the scan of one name stops at the first missing number or at a file that does not load.
 *
 * <p>Parsed files are cached by path and checked against the file's identity, size and modification time on every
 * look-up, so a replaced file is read again (OpenSSL keeps what it loaded until a restart). Thread-safe.
 */
public final class HashedDirectories {
    public static final HashedDirectories NONE = new HashedDirectories(List.of());

    private final List<Path> directories;
    private final Map<Path, Loaded> cache = new ConcurrentHashMap<>();

    /** What one file held when it was read, and how to tell it changed. */
    private record Loaded(Object fileKey, long size, long modified, TrustFileReader.Contents contents) {
        boolean current(BasicFileAttributes a) {
            return Objects.equals(fileKey, a.fileKey()) && size == a.size()
                    && modified == a.lastModifiedTime().toMillis();
        }
    }

    public HashedDirectories(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    public List<Path> directories() {
        return directories;
    }

    public boolean isEmpty() {
        return directories.isEmpty();
    }

    /**
     * Certificates whose subject is {@code name}, from the first directory that has any (OpenSSL's look-up returns
     * as soon as one directory produced a match).
     */
    List<X509Certificate> certificates(CanonicalName name) {
        for (Path dir : directories) {
            List<X509Certificate> found = scan(dir, name.hash() + ".", TrustFileReader.Contents::certificates)
                    .stream().filter(c -> CanonicalName.of(c.getSubjectX500Principal()).equals(name)).toList();
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    /** CRLs whose issuer is {@code name}, from every directory. */
    List<X509CRL> crls(CanonicalName name) {
        List<X509CRL> found = new ArrayList<>();
        for (Path dir : directories) {
            scan(dir, name.hash() + ".r", TrustFileReader.Contents::crls).stream()
                    .filter(c -> CanonicalName.of(c.getIssuerX500Principal()).equals(name)).forEach(found::add);
        }
        return found;
    }

    /**
     * Files {@code prefix0}, {@code prefix1}, ... until one is missing, unreadable, holds none of the wanted
     * objects, or is damaged (its objects before the damage still count, as OpenSSL added them to its store).
     */
    private <T> List<T> scan(Path dir, String prefix, Function<TrustFileReader.Contents, List<T>> wanted) {
        List<T> out = new ArrayList<>();
        for (int n = 0; ; n++) {
            TrustFileReader.Contents contents = load(dir.resolve(prefix + n));
            if (contents == null) {
                return out;
            }
            List<T> objects = wanted.apply(contents);
            out.addAll(objects);
            if (objects.isEmpty() || contents.damaged()) {
                return out;
            }
        }
    }

    private TrustFileReader.Contents load(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            Loaded cached = cache.get(file);
            if (cached != null && cached.current(a)) {
                return cached.contents();
            }
            TrustFileReader.Contents contents = TrustFileReader.read(Files.readAllBytes(file));
            cache.put(file, new Loaded(a.fileKey(), a.size(), a.lastModifiedTime().toMillis(), contents));
            return contents;
        } catch (IOException e) {
            return null; // missing or unreadable: OpenSSL's stat() or load fails and the scan ends
        }
    }
}
