package org.stunneljava.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.stunneljava.config.StartupNotice;
import org.stunneljava.config.Verification;
import org.stunneljava.log.Severity;

/**
 * Loads what a service trusts, as stunnel's {@code init_ca} and {@code init_crl} (src/verify.c) set it up in
 * OpenSSL: the {@code CAfile} certificates (and the CRLs OpenSSL also takes from that file), the {@code CApath}
 * and {@code CRLpath} directories (checked at start-up, read at verification time), the {@code CRLfile} CRLs, the
 * CA name list, and CRL checking when {@code CRLfile} or {@code CRLpath} is set. Stateless.
 */
final class TrustLoader {
    /**
     * @param store      certificates for chain building and the verifyPeer pin
     * @param caNames    the trusted CA names in OpenSSL's order (a server's certificate request)
     * @param revocation CRL checking, or {@link RevocationCheck#NONE}
     */
    record Trust(TrustStore store, List<X500Principal> caNames, RevocationCheck revocation) {
        Trust {
            caNames = List.copyOf(caNames);
        }
    }

    private TrustLoader() {
    }

    static Trust load(String service, Verification v, List<StartupNotice> notices) throws TlsMaterialException {
        TrustFileReader.Contents caFile = v.caFile().isPresent()
                ? caFile(service, v.caFile().get()) : new TrustFileReader.Contents(List.of(), List.of(), false, "");
        CaNameList names = new CaNameList();
        names.addAll(caFile.certificates());
        v.caPath().ifPresent(dir -> {
            if (!names.addDirectory(dir)) {
                notices.add(new StartupNotice(Severity.WARNING, "CApath = " + dir + ": cannot read the directory"));
            }
        });
        if (names.names().isEmpty()) {
            notices.add(new StartupNotice(Severity.ERR, "No trusted certificates found"));
            if (v.verifies() && v.caPath().isPresent()) {
                throw new TlsMaterialException(service, "CApath", v.caPath().get(), "No trusted certificates found");
            }
        }
        List<Path> dirs = new ArrayList<>();
        v.caPath().ifPresent(dirs::add);
        v.crlPath().ifPresent(dirs::add); // stunnel adds it to the same OpenSSL look-up: it serves both kinds
        HashedDirectories directories = new HashedDirectories(dirs);
        RevocationCheck revocation = RevocationCheck.NONE;
        if (v.checksRevocation()) {
            List<X509CRL> crls = new ArrayList<>(caFile.crls());
            if (v.crlFile().isPresent()) {
                crls.addAll(crlFile(service, v.crlFile().get(), notices));
            }
            v.crlPath().ifPresent(dir -> crlDirectory(dir, notices));
            revocation = new CrlCheck(new CrlStore(crls, directories));
        }
        return new Trust(new TrustStore(caFile.certificates(), directories), names.names(), revocation);
    }

    private static TrustFileReader.Contents caFile(String service, Path path) throws TlsMaterialException {
        MaterialFile file = MaterialFile.read(service, "CAfile", path);
        TrustFileReader.Contents contents = TrustFileReader.read(file.bytes());
        if (contents.damaged()) {
            throw file.error("malformed PEM data: " + contents.problem());
        }
        if (contents.certificates().isEmpty()) {
            throw file.error("no certificate found");
        }
        return contents;
    }

    /**
     * stunnel's {@code load_file_lookup}: every CRL of the file, which must hold at least one and nothing that
     * does not decode (OpenSSL's X509_load_crl_file); certificates in it are skipped.
     */
    private static List<X509CRL> crlFile(String service, Path path, List<StartupNotice> notices)
            throws TlsMaterialException {
        String failed = "Failed to load " + path + " revocation lookup file: ";
        MaterialFile file;
        try {
            file = MaterialFile.read(service, "CRLfile", path);
        } catch (TlsMaterialException e) {
            throw new TlsMaterialException(service, "CRLfile", path, failed + e.problem(), e);
        }
        TrustFileReader.Contents contents = TrustFileReader.read(file.bytes());
        if (contents.damaged()) {
            throw file.error(failed + contents.problem());
        }
        if (contents.crls().isEmpty()) {
            throw file.error(failed + "no CRL found");
        }
        notices.add(new StartupNotice(Severity.DEBUG, "Loaded " + path + " revocation lookup file"));
        return contents.crls();
    }

    /** stunnel's {@code add_dir_lookup}: nothing is read now; a directory that is not there gets a warning. */
    private static void crlDirectory(Path dir, List<StartupNotice> notices) {
        if (!Files.isDirectory(dir)) {
            notices.add(new StartupNotice(Severity.WARNING, "CRLpath = " + dir + ": not a directory"));
        }
        notices.add(new StartupNotice(Severity.DEBUG, "Added " + dir + " revocation lookup directory"));
    }

    /** The subjects as stunnel logs them: {@code Configured trusted client CA: O=..., CN=...}. */
    static List<StartupNotice> caListNotices(List<X500Principal> names, String kind) {
        return names.stream().map(n -> new StartupNotice(Severity.INFO,
                "Configured trusted " + kind + " CA: " + OneLineName.format(n))).toList();
    }
}
