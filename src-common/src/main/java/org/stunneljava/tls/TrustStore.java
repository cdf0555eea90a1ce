package org.stunneljava.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

/**
 * The certificates of a service's {@code CAfile}, indexed by subject name the way OpenSSL's X509_STORE finds
 * them (issuer look-up during chain building, {@code verifyPeer} pin look-up). Immutable and thread-safe; part
 * of a {@link TlsMaterial} snapshot.
 */
public final class TrustStore {
    /** A store with no certificate: every chain fails to verify (stunnel: "No trusted certificates found"). */
    public static final TrustStore EMPTY = new TrustStore(List.of());

    private final List<X509Certificate> certificates;
    private final List<X500Principal> subjects;
    private final Map<X500Principal, List<X509Certificate>> bySubject;

    public TrustStore(List<X509Certificate> certificates) {
        this.certificates = List.copyOf(certificates);
        Map<X500Principal, List<X509Certificate>> index = new LinkedHashMap<>();
        for (X509Certificate c : this.certificates) {
            index.computeIfAbsent(c.getSubjectX500Principal(), k -> new ArrayList<>()).add(c);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.subjects = List.copyOf(index.keySet());
        this.bySubject = Map.copyOf(index);
    }

    /** The trusted certificates, in file order. */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /**
     * The distinct subject names, in file order: what a server sends as certificate_authorities in its
     * CertificateRequest (stunnel logs each as "Configured trusted client CA").
     */
    public List<X500Principal> subjects() {
        return subjects;
    }

    /** Certificates whose subject is {@code name} (X500Principal equality: RFC 5280 name matching). */
    public List<X509Certificate> withSubject(X500Principal name) {
        return bySubject.getOrDefault(name, List.of());
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

    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    static boolean sameEncoding(X509Certificate a, X509Certificate b) {
        try {
            return Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            return false;
        }
    }
}
