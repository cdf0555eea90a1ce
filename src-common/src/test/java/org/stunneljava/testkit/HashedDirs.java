package org.stunneljava.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

import org.stunneljava.tls.CanonicalName;

/**
 * Writes a hashed directory for {@code CApath} / {@code CRLpath} as {@code openssl rehash} lays it out: each
 * certificate in a PEM file named {@code HASH.N} after its subject, each CRL in {@code HASH.rN} after its issuer,
 * N counting up from 0 among equal hashes. (rehash makes symbolic links to the original files; plain files read
 * the same.) The hash is {@link CanonicalName#hash}, which CanonicalNameTest checks against openssl.
 */
public final class HashedDirs {
    private HashedDirs() {
    }

    /** Creates {@code dir} if needed and adds the files; returns {@code dir}. */
    public static Path write(Path dir, List<X509Certificate> certs, List<X509CRL> crls) throws IOException {
        Files.createDirectories(dir);
        for (X509Certificate c : certs) {
            PemFiles.write(free(dir, CanonicalName.of(c.getSubjectX500Principal()).hash() + "."),
                    PemFiles.certs(List.of(c)));
        }
        for (X509CRL c : crls) {
            PemFiles.write(free(dir, CanonicalName.of(c.getIssuerX500Principal()).hash() + ".r"),
                    PemFiles.crls(List.of(c)));
        }
        return dir;
    }

    /** The first {@code prefixN} not yet taken. */
    private static Path free(Path dir, String prefix) {
        for (int n = 0; ; n++) {
            Path p = dir.resolve(prefix + n);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }
}
