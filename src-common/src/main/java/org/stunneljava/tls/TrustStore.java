package org.stunneljava.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

/**
 * The trusted certificates of a service, found the way OpenSSL's X509_STORE finds them for chain building and for
 * the {@code verifyPeer} pin: first the {@code CAfile} certificates (loaded at start-up, indexed by canonical
 * subject name); only for a name none of them has, the hashed directories ({@code CApath}, and {@code CRLpath},
 * which stunnel adds to the same OpenSSL look-up), read lazily. Immutable apart from the directories' file cache;
 * thread-safe; part of a {@link TlsMaterial} snapshot.
 */
public final class TrustStore {
    /** A store with no certificate: every chain fails to verify (stunnel: "No trusted certificates found"). */
    public static final TrustStore EMPTY = new TrustStore(List.of());

    private final List<X509Certificate> certificates;
    private final Map<CanonicalName, List<X509Certificate>> bySubject;
    private final HashedDirectories directories;

    public TrustStore(List<X509Certificate> certificates) {
        this(certificates, HashedDirectories.NONE);
    }

    /**
     * @param certificates the {@code CAfile} certificates, in file order
     * @param directories  {@code CApath} then {@code CRLpath}, searched for names the file does not have
     */
    public TrustStore(List<X509Certificate> certificates, HashedDirectories directories) {
        this.certificates = List.copyOf(certificates);
        this.directories = directories;
        Map<CanonicalName, List<X509Certificate>> index = new LinkedHashMap<>();
        for (X509Certificate c : this.certificates) {
            index.computeIfAbsent(CanonicalName.of(c.getSubjectX500Principal()), k -> new ArrayList<>()).add(c);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.bySubject = Map.copyOf(index);
    }

    /** The {@code CAfile} certificates, in file order. */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    public HashedDirectories directories() {
        return directories;
    }

    /**
     * Trusted certificates whose subject is {@code name} (OpenSSL's name comparison): the {@code CAfile} ones, or
     * when it has none, those of the first hashed directory that has any.
     */
    public List<X509Certificate> withSubject(X500Principal name) {
        CanonicalName key = CanonicalName.of(name);
        List<X509Certificate> fromFile = bySubject.get(key);
        return fromFile != null ? fromFile : directories.certificates(key);
    }

    /** True when this exact certificate (same DER encoding) is trusted. */
    public boolean containsExact(X509Certificate cert) {
        for (X509Certificate c : withSubject(cert.getSubjectX500Principal())) {
            if (sameEncoding(c, cert)) {
                return true;
            }
        }
        return false;
    }

    /** True when there is nothing to trust: no {@code CAfile} certificate and no directory. */
    public boolean isEmpty() {
        return certificates.isEmpty() && directories.isEmpty();
    }

    static boolean sameEncoding(X509Certificate a, X509Certificate b) {
        try {
            return Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            return false;
        }
    }
}
