package org.stunneljava.tls;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.security.auth.x500.X500Principal;

/**
 * The trusted CA names of a service, in the order OpenSSL 3.0 builds them for stunnel's {@code init_ca}
 * (src/verify.c): {@code SSL_add_file_cert_subjects_to_stack} for {@code CAfile}, then
 * {@code SSL_add_dir_cert_subjects_to_stack} for {@code CApath}, which reads every file of the directory in
 * directory order, whatever its name. A server sends the list in its certificate request and stunnel logs it as
 * {@code Configured trusted client CA: ...} ({@code ... server CA: ...} in client mode).
 *
 * <p>The order is OpenSSL's, observed with stunnel 5.68: a duplicate check ({@code sk_X509_NAME_find}) sorts the
 * list by {@link CanonicalName} whenever it was changed since the last sort, and each new name is appended after
 * it. So three names in a file come out in file order only when the first two were already in order. Not
 * thread-safe; used once per snapshot.
 */
final class CaNameList {
    private record Entry(X500Principal name, CanonicalName canonical) {
    }

    private final List<Entry> names = new ArrayList<>();
    private boolean sorted;

    /** Adds the subjects of {@code certs} (one file's certificates, in file order). */
    void addAll(List<X509Certificate> certs) {
        for (X509Certificate c : certs) {
            add(c.getSubjectX500Principal());
        }
    }

    /**
     * Adds the certificate subjects of every file in {@code dir}, in directory order. A file that does not
     * decode adds the names before the damage; a file that cannot be opened ends the directory, as in OpenSSL.
     *
     * @return false when the directory could not be read (it adds nothing then)
     */
    boolean addDirectory(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    continue; // opens, then reads nothing: no names
                }
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(entry);
                } catch (IOException e) {
                    return true;
                }
                addAll(TrustFileReader.read(bytes).certificates());
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    List<X500Principal> names() {
        return names.stream().map(Entry::name).toList();
    }

    private void add(X500Principal name) {
        CanonicalName canonical = CanonicalName.of(name);
        if (!sorted) {
            names.sort(Comparator.comparing(Entry::canonical));
            sorted = true;
        }
        if (names.stream().noneMatch(e -> e.canonical().equals(canonical))) {
            names.add(new Entry(name, canonical));
            sorted = false;
        }
    }
}
