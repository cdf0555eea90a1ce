package org.stunneljava.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.stunneljava.config.KeyPassword;
import org.stunneljava.config.StartupNotice;
import org.stunneljava.config.TlsOptions;
import org.stunneljava.log.Severity;

/**
 * One service's certificate chain, private key and trusted CA certificates, loaded and checked together: an
 * immutable snapshot built once per service. A reload builds a complete new snapshot and swaps it in only when
 * every file loaded (DESIGN.md, STYLE.md 5); handshakes keep the snapshot they started with. Thread-safe.
 */
public final class TlsMaterial {
    private final List<X509CertificateHolder> chain;
    private final Optional<PrivateKeyInfo> privateKey;
    private final Optional<KeyType> keyType;
    private final TrustLoader.Trust trust;
    private final List<StartupNotice> notices;

    private TlsMaterial(List<X509CertificateHolder> chain, Optional<PrivateKeyInfo> privateKey,
                        Optional<KeyType> keyType, TrustLoader.Trust trust, List<StartupNotice> notices) {
        this.chain = List.copyOf(chain);
        this.privateKey = privateKey;
        this.keyType = keyType;
        this.trust = trust;
        this.notices = List.copyOf(notices);
    }

    /**
     * Loads {@code cert} (PEM chain leaf first, with or without the key, or PKCS#12), {@code key} (default: the
     * cert file; PKCS#8, PKCS#1 or SEC1, plain or encrypted), decrypting with the service's {@code keyPassword*}
     * option when needed, checks that the key belongs to the leaf, and loads the trust settings ({@code CAfile},
     * {@code CApath}, {@code CRLfile}, {@code CRLpath}: see {@link TrustLoader}).
     * A service without {@code cert} (a client) gets no chain and no key.
     *
     * @throws TlsMaterialException naming the service, option and file, e.g.
     *                              {@code Service [s]: cert = "/p/x.pem": no certificate found}
     */
    public static TlsMaterial load(String serviceName, TlsOptions options) throws TlsMaterialException {
        List<StartupNotice> notices = new ArrayList<>();
        List<X509CertificateHolder> chain = List.of();
        Optional<PrivateKeyInfo> key = Optional.empty();
        Optional<KeyType> type = Optional.empty();
        if (options.cert().isPresent()) {
            Path certPath = options.cert().get();
            Path keyPath = options.key().orElse(certPath);
            MaterialFile certFile = MaterialFile.read(serviceName, "cert", certPath);
            PrivateKeyInfo keyInfo;
            String keyOption = "key";
            if (certFile.looksLikePkcs12()) {
                notices.add(info("Loading certificate and private key from file: " + certPath));
                Pkcs12Reader.Contents p12 = Pkcs12Reader.read(certFile, options.keyPassword());
                notices.add(info("Certificate and private key loaded from file: " + certPath));
                chain = p12.chain();
                keyInfo = p12.key();
                keyPath = certPath; // the key travels inside the PKCS#12 file
                keyOption = "cert";
            } else {
                chain = pemChain(certFile, notices);
                keyInfo = pemKey(serviceName, keyPath, options.keyPassword(), notices);
            }
            MaterialFile keyFile = new MaterialFile(serviceName, keyOption, keyPath, new byte[0]); // names errors
            type = Optional.of(KeyMatcher.check(keyInfo, chain.getFirst().getSubjectPublicKeyInfo(), keyFile,
                    "in cert = \"" + certPath + "\""));
            key = Optional.of(keyInfo);
            permissionsNotice(keyPath).ifPresent(notices::add);
        }
        TrustLoader.Trust trust = TrustLoader.load(serviceName, options.verification(), notices);
        return new TlsMaterial(chain, key, type, trust, notices);
    }

    /** The certificate chain to send, leaf first; empty when the service has no {@code cert}. */
    public List<X509CertificateHolder> chain() {
        return chain;
    }

    /** The chain as DER encodings, leaf first (what BC's {@code TlsCrypto.createCertificate} takes). */
    public List<byte[]> chainDer() {
        List<byte[]> out = new ArrayList<>();
        for (X509CertificateHolder c : chain) {
            try {
                out.add(c.getEncoded());
            } catch (IOException e) {
                throw new IllegalStateException("a parsed certificate cannot be re-encoded", e);
            }
        }
        return out;
    }

    /** The private key (for BC's {@code PrivateKeyFactory.createKey}); empty when the service has no cert. */
    public Optional<PrivateKeyInfo> privateKey() {
        return privateKey;
    }

    public Optional<KeyType> keyType() {
        return keyType;
    }

    /** CAfile and CApath (and CRLpath) certificates, for verification; empty when none is configured. */
    public TrustStore trust() {
        return trust.store();
    }

    /** CRL checking when {@code CRLfile} or {@code CRLpath} is set, else {@link RevocationCheck#NONE}. */
    public RevocationCheck revocation() {
        return trust.revocation();
    }

    public List<X509Certificate> trustedCertificates() {
        return trust.store().certificates();
    }

    /**
     * The CA names of CAfile and of every certificate file in CApath, in OpenSSL's order: a server's
     * CertificateRequest certificate_authorities.
     */
    public List<X500Name> trustedSubjects() {
        return trust.caNames().stream().map(p -> X500Name.getInstance(p.getEncoded())).toList();
    }

    /**
     * stunnel's start-up lines for the CA names: {@code Configured trusted client CA: ...} for a server,
     * {@code Configured trusted server CA: ...} for a client.
     */
    public List<StartupNotice> caNameNotices(boolean server) {
        return TrustLoader.caListNotices(trust.caNames(), server ? "client" : "server");
    }

    /** Lines to log at start-up (stunnel's loading lines and warnings), in order. */
    public List<StartupNotice> notices() {
        return notices;
    }

    private static List<X509CertificateHolder> pemChain(MaterialFile certFile, List<StartupNotice> notices)
            throws TlsMaterialException {
        notices.add(info("Loading certificate from file: " + certFile.path()));
        List<X509CertificateHolder> chain = PemReader.certificates(certFile);
        if (chain.isEmpty()) {
            throw certFile.error("no certificate found");
        }
        notices.add(info("Certificate loaded from file: " + certFile.path()));
        return chain;
    }

    private static PrivateKeyInfo pemKey(String service, Path keyPath, KeyPassword password,
                                         List<StartupNotice> notices) throws TlsMaterialException {
        notices.add(info("Loading private key from file: " + keyPath));
        MaterialFile keyFile = MaterialFile.read(service, "key", keyPath);
        PrivateKeyInfo key = PemReader.privateKey(keyFile, password)
                .orElseThrow(() -> keyFile.error("no private key found"));
        notices.add(info("Private key loaded from file: " + keyPath));
        return key;
    }

    /** stunnel warns when "others" have any access to the key file (it checks {@code st_mode & 7} only). */
    private static Optional<StartupNotice> permissionsNotice(Path keyPath) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyPath);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)
                    || perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return Optional.of(new StartupNotice(Severity.WARNING, "Insecure file permissions on " + keyPath));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX permissions to judge (or the file vanished after loading): nothing to warn about.
        }
        return Optional.empty();
    }

    private static StartupNotice info(String text) {
        return new StartupNotice(Severity.INFO, text);
    }
}
