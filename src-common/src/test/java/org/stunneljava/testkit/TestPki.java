package org.stunneljava.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * A realistic test PKI generated at test time and written into a directory the caller owns (usually a JUnit
 * {@code @TempDir}): a root CA, an intermediate CA, and leaves signed by the intermediate (server, client,
 * expired, wrong host), plus an unrelated self-signed "unknown CA" certificate. Nothing is checked in, so nothing
 * expires in the repository. Key pairs are cached per JVM run ({@link TestKeys}); certificates and files are new
 * for every {@link #create}.
 *
 * <p>Files, all PEM unless named .p12 (see {@link Identity} for each leaf's set):
 * {@code ca.pem} (root), {@code intermediate.pem}, {@code ca-bundle.pem} (root + intermediate), {@code empty.pem}
 * (no certificate), and per leaf {@code <name>.pem} (leaf + intermediate + key, stunnel's usual {@code cert}).
 *
 * <p>Revocation: {@code revokedclient} and {@code revokedserver} are leaves the intermediate has revoked;
 * {@code intermediate.crl} (the intermediate's CRL listing both), {@code root.crl} (the root's, listing nothing),
 * {@code crl.pem} (both CRLs, stunnel-behaviour.md's {@code CRLfile}); {@code capath/} (the root, hashed as
 * {@code openssl rehash} does) and {@code crlpath/} (both CRLs, hashed).
 */
public final class TestPki {
    /** The password of each identity's {@link Identity#p12()} and encrypted key files. */
    public static final String PASSWORD = "test-password";

    private final Path dir;
    private final TestKeys.Algorithm algorithm;
    private final TestCertBuilder.Issued root;
    private final TestCertBuilder.Issued intermediate;
    private final Identity server;
    private final Identity client;
    private final Identity expired;
    private final Identity wrongHost;
    private final Identity unknown;
    private final Identity revokedClient;
    private final Identity revokedServer;
    private final Identity emailClient;
    private final X509CRL rootCrl;
    private final X509CRL intermediateCrl;

    /**
     * The files of one certificate holder. {@code pem}: leaf, issuer chain and PKCS#8 key in one file;
     * {@code chainPem}: leaf and issuer chain; {@code certPem}: the leaf alone (for pinning with verifyPeer);
     * {@code keyPem}: PKCS#8; {@code keyTraditionalPem}: PKCS#1 (RSA) or SEC1 (EC); {@code encryptedKeyPem} and
     * {@code encryptedTraditionalKeyPem}: encrypted with {@link #PASSWORD}; {@code p12}: PKCS#12 with
     * {@link #PASSWORD}; {@code p12NoPassword}: PKCS#12 with an empty password. {@code chain} is leaf first.
     */
    public record Identity(String name, Path pem, Path chainPem, Path certPem, Path keyPem, Path keyTraditionalPem,
                           Path encryptedKeyPem, Path encryptedTraditionalKeyPem, Path p12, Path p12NoPassword,
                           List<X509Certificate> chain, PrivateKey key) {
        public X509Certificate cert() {
            return chain.getFirst();
        }
    }

    private TestPki(Path dir, TestKeys.Algorithm algorithm) throws IOException {
        this.dir = dir;
        this.algorithm = algorithm;
        Instant now = Instant.now();
        root = builder("CN=Test Root CA, O=stunnel-java tests", "root").ca(1)
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365))).build();
        intermediate = builder("CN=Test Intermediate CA, O=stunnel-java tests", "intermediate").ca(0)
                .issuedBy(root).build();
        server = leaf("server", builder("CN=localhost", "server").serverAuth()
                .dns("localhost").ip("127.0.0.1", "::1"));
        client = leaf("client", builder("CN=client", "client").clientAuth());
        expired = leaf("expired", builder("CN=localhost, OU=expired", "expired").serverAuth().clientAuth()
                .dns("localhost").ip("127.0.0.1", "::1")
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))));
        wrongHost = leaf("wronghost", builder("CN=wrong.example.com", "wronghost").serverAuth().clientAuth()
                .dns("wrong.example.com"));
        unknown = write("unknown", TestCertBuilder.subject("CN=Unknown Self-Signed", key("unknown"), algorithm)
                .ca(null).keyUsage(leafUsage() | KeyUsage.keyCertSign)
                .dns("localhost").ip("127.0.0.1", "::1").build(), List.of());
        revokedClient = leaf("revokedclient", builder("CN=client, OU=revoked", "revokedclient").clientAuth());
        revokedServer = leaf("revokedserver", builder("CN=localhost, OU=revoked", "revokedserver").serverAuth()
                .dns("localhost").ip("127.0.0.1", "::1"));
        emailClient = leaf("emailclient", builder("CN=mailclient, E=bob@example.com", "emailclient").clientAuth()
                .email("Alice@Example.COM"));
        rootCrl = TestCrlBuilder.by(root).build();
        intermediateCrl = TestCrlBuilder.by(intermediate).revoke(revokedClient.cert())
                .revoke(revokedServer.cert()).build();
        PemFiles.write(dir.resolve("root.crl"), PemFiles.crls(List.of(rootCrl)));
        PemFiles.write(dir.resolve("intermediate.crl"), PemFiles.crls(List.of(intermediateCrl)));
        PemFiles.write(dir.resolve("crl.pem"), PemFiles.crls(List.of(rootCrl, intermediateCrl)));
        HashedDirs.write(dir.resolve("capath"), List.of(root.cert()), List.of());
        HashedDirs.write(dir.resolve("crlpath"), List.of(), List.of(rootCrl, intermediateCrl));
        PemFiles.write(dir.resolve("ca.pem"), PemFiles.certs(List.of(root.cert())));
        PemFiles.write(dir.resolve("intermediate.pem"), PemFiles.certs(List.of(intermediate.cert())));
        PemFiles.write(dir.resolve("ca-bundle.pem"), PemFiles.certs(List.of(root.cert(), intermediate.cert())));
        PemFiles.write(dir.resolve("empty.pem"), "# a CA file with no certificate in it\n");
    }

    /** An ECDSA P-256 PKI written into {@code dir} (created if missing). */
    public static TestPki create(Path dir) throws IOException {
        return create(dir, TestKeys.Algorithm.EC_P256);
    }

    /** A PKI whose every key uses {@code algorithm}, written into {@code dir} (created if missing). */
    public static TestPki create(Path dir, TestKeys.Algorithm algorithm) throws IOException {
        Files.createDirectories(dir);
        return new TestPki(dir, algorithm);
    }

    public Path dir() {
        return dir;
    }

    public TestKeys.Algorithm algorithm() {
        return algorithm;
    }

    /** The root CA certificate: what {@code CAfile} names to trust this PKI. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The intermediate CA certificate alone (trusting it without the root fails, as in OpenSSL). */
    public Path intermediatePem() {
        return dir.resolve("intermediate.pem");
    }

    /** Root and intermediate in one file. */
    public Path caBundlePem() {
        return dir.resolve("ca-bundle.pem");
    }

    /** A PEM file with no certificate in it. */
    public Path emptyPem() {
        return dir.resolve("empty.pem");
    }

    public X509Certificate rootCert() {
        return root.cert();
    }

    public X509Certificate intermediateCert() {
        return intermediate.cert();
    }

    /** The root as an issuer, to sign extra test certificates with {@link TestCertBuilder#issuedBy}. */
    public TestCertBuilder.Issued rootIssuer() {
        return root;
    }

    /** The intermediate as an issuer, to sign extra test certificates with {@link TestCertBuilder#issuedBy}. */
    public TestCertBuilder.Issued intermediateIssuer() {
        return intermediate;
    }

    /** CN=localhost, SAN DNS:localhost, IP:127.0.0.1, IP:::1, serverAuth, signed by the intermediate. */
    public Identity server() {
        return server;
    }

    /** CN=client, clientAuth, signed by the intermediate. */
    public Identity client() {
        return client;
    }

    /** Like the server certificate but expired yesterday (usable as server or client). */
    public Identity expired() {
        return expired;
    }

    /** CN and SAN wrong.example.com, signed by the intermediate (usable as server or client). */
    public Identity wrongHost() {
        return wrongHost;
    }

    /** A self-signed certificate no CA file of this PKI trusts; SAN localhost, 127.0.0.1, ::1. */
    public Identity unknown() {
        return unknown;
    }

    /** CN=client, OU=revoked, clientAuth, signed by the intermediate and listed in its CRL. */
    public Identity revokedClient() {
        return revokedClient;
    }

    /** CN=localhost, OU=revoked, like the server certificate, and listed in the intermediate's CRL. */
    public Identity revokedServer() {
        return revokedServer;
    }

    /**
     * CN=mailclient with emailAddress bob@example.com in the subject and rfc822Name Alice@Example.COM in the SAN,
     * clientAuth: for checkEmail (the SAN address counts, the subject's does not).
     */
    public Identity emailClient() {
        return emailClient;
    }

    /** The root's CRL: valid, lists nothing. */
    public X509CRL rootCrl() {
        return rootCrl;
    }

    /** The intermediate's CRL: valid, lists the two revoked leaves. */
    public X509CRL intermediateCrl() {
        return intermediateCrl;
    }

    public Path rootCrlPem() {
        return dir.resolve("root.crl");
    }

    public Path intermediateCrlPem() {
        return dir.resolve("intermediate.crl");
    }

    /** Both CRLs in one file: what {@code CRLfile} names to check this PKI's leaves. */
    public Path crlPem() {
        return dir.resolve("crl.pem");
    }

    /** A hashed directory holding the root: what {@code CApath} names to trust this PKI. */
    public Path caPath() {
        return dir.resolve("capath");
    }

    /** A hashed directory holding both CRLs: what {@code CRLpath} names. */
    public Path crlPath() {
        return dir.resolve("crlpath");
    }

    public Path serverPem() {
        return server.pem();
    }

    public Path clientPem() {
        return client.pem();
    }

    public Path expiredPem() {
        return expired.pem();
    }

    public Path wrongHostPem() {
        return wrongHost.pem();
    }

    public Path unknownPem() {
        return unknown.pem();
    }

    private TestCertBuilder builder(String subject, String role) {
        return TestCertBuilder.subject(subject, key(role), algorithm);
    }

    private java.security.KeyPair key(String role) {
        return TestKeys.cached(algorithm, role);
    }

    private Identity leaf(String name, TestCertBuilder b) throws IOException {
        return write(name, b.keyUsage(leafUsage()).issuedBy(intermediate).build(), List.of(intermediate.cert()));
    }

    /** digitalSignature always; RSA also keyEncipherment, as RSA key exchange in TLS 1.2 needs it. */
    private int leafUsage() {
        return algorithm == TestKeys.Algorithm.RSA_2048
                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature;
    }

    private Identity write(String name, TestCertBuilder.Issued leaf, List<X509Certificate> issuers)
            throws IOException {
        List<X509Certificate> chain = new java.util.ArrayList<>();
        chain.add(leaf.cert());
        chain.addAll(issuers);
        PrivateKey key = leaf.keys().getPrivate();
        char[] password = PASSWORD.toCharArray();
        String chainText = PemFiles.certs(chain);
        // Ed25519 and Ed448 have no "traditional" OpenSSL form: PKCS#8 is their only PEM form.
        boolean pkcs8Only = algorithm == TestKeys.Algorithm.ED25519 || algorithm == TestKeys.Algorithm.ED448;
        String traditional = pkcs8Only ? PemFiles.pkcs8(key) : PemFiles.traditional(leaf.keys());
        String encryptedTraditional = pkcs8Only
                ? PemFiles.encryptedPkcs8(key, password) : PemFiles.encryptedTraditional(leaf.keys(), password);
        return new Identity(name,
                PemFiles.writeSecret(dir.resolve(name + ".pem"), chainText, PemFiles.pkcs8(key)),
                PemFiles.write(dir.resolve(name + "-chain.pem"), chainText),
                PemFiles.write(dir.resolve(name + ".crt"), PemFiles.certs(List.of(leaf.cert()))),
                PemFiles.writeSecret(dir.resolve(name + "-key.pem"), PemFiles.pkcs8(key)),
                PemFiles.writeSecret(dir.resolve(name + "-key-traditional.pem"), traditional),
                PemFiles.writeSecret(dir.resolve(name + "-key-encrypted.pem"), PemFiles.encryptedPkcs8(key, password)),
                PemFiles.writeSecret(dir.resolve(name + "-key-encrypted-traditional.pem"), encryptedTraditional),
                PemFiles.pkcs12(dir.resolve(name + ".p12"), key, chain, password),
                PemFiles.pkcs12(dir.resolve(name + "-nopass.p12"), key, chain, new char[0]),
                List.copyOf(chain), key);
    }
}
