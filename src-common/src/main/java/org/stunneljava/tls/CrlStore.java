package org.stunneljava.tls;

import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the CRLs for one issuer come from when stunnel checks revocation ({@code CRLfile} or {@code CRLpath} set):
 * the CRLs loaded at start-up, those of {@code CRLfile} and those OpenSSL also loads from {@code CAfile}
 * ({@code X509_load_cert_crl_file}), then the {@code HASH.rN} files of the hashed directories ({@code CApath} and
 * {@code CRLpath}: one OpenSSL look-up serves both), read at verification time. Thread-safe.
 */
final class CrlStore {
    private final Map<CanonicalName, List<X509CRL>> loaded;
    private final HashedDirectories directories;

    /** @param loaded the CRLs of {@code CRLfile} and {@code CAfile}, in load order */
    CrlStore(List<X509CRL> loaded, HashedDirectories directories) {
        Map<CanonicalName, List<X509CRL>> index = new LinkedHashMap<>();
        for (X509CRL crl : loaded) {
            index.computeIfAbsent(CanonicalName.of(crl.getIssuerX500Principal()), k -> new ArrayList<>()).add(crl);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.loaded = Map.copyOf(index);
        this.directories = directories;
    }

    /** Every CRL issued under {@code issuer}'s name: the loaded ones first, then those of the directories. */
    List<X509CRL> issuedBy(CanonicalName issuer) {
        List<X509CRL> out = new ArrayList<>(loaded.getOrDefault(issuer, List.of()));
        out.addAll(directories.crls(issuer));
        return out;
    }
}
