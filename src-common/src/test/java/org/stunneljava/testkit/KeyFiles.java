package org.stunneljava.testkit;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.stunneljava.tls.KeyType;

/**
 * Server identities (CN=localhost, issued by a {@link TestPki}'s intermediate) in every private-key format users
 * bring to stunnel, written at test time: keys from Bouncy Castle ({@link #bouncyCastle}) and keys and PKCS#12 files
 * from openssl's own commands ({@link #openssl}: genpkey, ecparam, rsa, ec, pkcs8, pkcs12), which is what users
 * actually produce. Encrypted files use {@link #PASSWORD}. Owns nothing that needs closing.
 */
public final class KeyFiles {
    /** The password of every encrypted case; a space and punctuation, since passwords are taken verbatim. */
    public static final String PASSWORD = "k3y pass!";

    /**
     * One way to hand stunnel-java a certificate and its key.
     *
     * @param name     what the case shows
     * @param cert     the file for {@code cert =} (chain leaf first, or PKCS#12)
     * @param key      the file for {@code key =}; empty when the key is inside {@code cert}
     * @param password the password the key or PKCS#12 file needs; empty when it needs none
     * @param keyType  the key algorithm
     */
    public record Case(String name, Path cert, Optional<Path> key, Optional<String> password, KeyType keyType) {
        /** The {@code cert}, {@code key} and (when a password is needed) {@code keyPasswordFile} lines. */
        public String confLines(Path passwordFile) {
            return "cert = " + cert + "\n" + key.map(k -> "key = " + k + "\n").orElse("")
                    + password.map(p -> "keyPasswordFile = " + passwordFile + "\n").orElse("");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private KeyFiles() {
    }

    /** Writes {@link #PASSWORD} and a newline to {@code file}, mode 0600: what {@code keyPasswordFile} names. */
    public static Path passwordFile(Path file) throws IOException {
        return PemFiles.writeSecret(file, PASSWORD + "\n");
    }

    /** Every case: those Bouncy Castle makes (in {@code dir/bc}) and those openssl makes (in {@code dir/openssl}). */
    public static List<Case> everyFormat(TestPki pki, Path dir) throws IOException, InterruptedException {
        List<Case> cases = new ArrayList<>(bouncyCastle(pki, dir.resolve("bc")));
        cases.addAll(openssl(pki, dir.resolve("openssl")));
        return List.copyOf(cases);
    }

    /** Keys written by Bouncy Castle: PKCS#1, PKCS#8, SEC1, encrypted PKCS#8 and legacy PEM, Java's PKCS#12. */
    public static List<Case> bouncyCastle(TestPki pki, Path dir) throws IOException {
        Files.createDirectories(dir);
        char[] pw = PASSWORD.toCharArray();
        List<Case> out = new ArrayList<>();
        KeyPair rsa = TestKeys.cached(TestKeys.Algorithm.RSA_2048, "keyfiles");
        Path rsaChain = chain(pki, dir, "bc-rsa", rsa.getPublic());
        out.add(pem("bc rsa pkcs1", rsaChain, secret(dir, "bc-rsa-pkcs1.key", PemFiles.traditional(rsa)), KeyType.RSA));
        out.add(pem("bc rsa pkcs8", rsaChain, secret(dir, "bc-rsa-pkcs8.key", PemFiles.pkcs8(rsa.getPrivate())),
                KeyType.RSA));
        out.add(encrypted("bc rsa pkcs1 legacy-encrypted aes-256-cbc", rsaChain,
                secret(dir, "bc-rsa-pkcs1-enc.key", PemFiles.encryptedTraditional(rsa, pw)), KeyType.RSA));
        for (TestKeys.Algorithm curve : List.of(TestKeys.Algorithm.EC_P256, TestKeys.Algorithm.EC_P384,
                TestKeys.Algorithm.EC_P521)) {
            KeyPair ec = TestKeys.cached(curve, "keyfiles");
            String n = curve.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            Path ecChain = chain(pki, dir, "bc-" + n, ec.getPublic());
            out.add(pem("bc " + n + " sec1", ecChain, secret(dir, "bc-" + n + "-sec1.key", PemFiles.traditional(ec)),
                    KeyType.EC));
            out.add(pem("bc " + n + " pkcs8", ecChain, secret(dir, "bc-" + n + "-pkcs8.key",
                    PemFiles.pkcs8(ec.getPrivate())), KeyType.EC));
        }
        KeyPair ec = TestKeys.cached(TestKeys.Algorithm.EC_P256, "keyfiles");
        Path ecChain = dir.resolve("bc-ec-p256.crt");
        out.add(encrypted("bc ec pkcs8 encrypted pbes2 aes-256-cbc", ecChain,
                secret(dir, "bc-ec-pkcs8-enc.key", PemFiles.encryptedPkcs8(ec.getPrivate(), pw)), KeyType.EC));
        out.add(encrypted("bc ec sec1 legacy-encrypted aes-256-cbc", ecChain,
                secret(dir, "bc-ec-sec1-enc.key", PemFiles.encryptedTraditional(ec, pw)), KeyType.EC));
        for (TestKeys.Algorithm edwards : List.of(TestKeys.Algorithm.ED25519, TestKeys.Algorithm.ED448)) {
            KeyPair ed = TestKeys.cached(edwards, "keyfiles");
            String n = edwards.name().toLowerCase(java.util.Locale.ROOT);
            Path edChain = chain(pki, dir, "bc-" + n, ed.getPublic());
            out.add(pem("bc " + n + " pkcs8", edChain, secret(dir, "bc-" + n + ".key", PemFiles.pkcs8(ed.getPrivate())),
                    edwards == TestKeys.Algorithm.ED25519 ? KeyType.ED25519 : KeyType.ED448));
            if (edwards == TestKeys.Algorithm.ED25519) {
                out.add(encrypted("bc ed25519 pkcs8 encrypted", edChain,
                        secret(dir, "bc-ed25519-enc.key", PemFiles.encryptedPkcs8(ed.getPrivate(), pw)),
                        KeyType.ED25519));
            }
        }
        List<java.security.cert.X509Certificate> certs = List.of(
                issue(pki, ec.getPublic()), pki.intermediateCert());
        out.add(new Case("java pkcs12 empty password", PemFiles.pkcs12(dir.resolve("java-nopass.p12"),
                ec.getPrivate(), certs, new char[0]), Optional.empty(), Optional.empty(), KeyType.EC));
        out.add(new Case("bc pkcs12 'no password' mac (zero-length password)",
                zeroLengthPasswordPkcs12(dir.resolve("bc-zero.p12"), ec.getPrivate(), certs), Optional.empty(),
                Optional.empty(), KeyType.EC));
        out.add(new Case("java pkcs12 with password", PemFiles.pkcs12(dir.resolve("java-pass.p12"),
                ec.getPrivate(), certs, pw), Optional.empty(), Optional.of(PASSWORD), KeyType.EC));
        return out;
    }

    /**
     * Keys and PKCS#12 files made by the openssl command line as users make them. Skips the test (fails it under
     * CI) when openssl is missing.
     */
    public static List<Case> openssl(TestPki pki, Path dir) throws IOException, InterruptedException {
        OpenSsl.assumeInstalled();
        Files.createDirectories(dir);
        String pass = "pass:" + PASSWORD;
        List<Case> out = new ArrayList<>();
        Path rsa8 = run(dir, "ossl-rsa-pkcs8.key", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048");
        Path rsaChain = chainFromOpenssl(pki, dir, "ossl-rsa", rsa8);
        out.add(pem("openssl genpkey rsa (pkcs8)", rsaChain, rsa8, KeyType.RSA));
        out.add(pem("openssl rsa -traditional (pkcs1)", rsaChain,
                run(dir, "ossl-rsa-pkcs1.key", "rsa", "-in", rsa8.toString(), "-traditional"), KeyType.RSA));
        out.add(encrypted("openssl rsa -traditional -des3 (legacy pkcs1)", rsaChain, run(dir, "ossl-rsa-des3.key",
                "rsa", "-in", rsa8.toString(), "-traditional", "-des3", "-passout", pass), KeyType.RSA));
        out.add(encrypted("openssl pkcs8 -topk8 -scrypt", rsaChain, run(dir, "ossl-rsa-scrypt.key", "pkcs8",
                "-topk8", "-in", rsa8.toString(), "-scrypt", "-passout", pass), KeyType.RSA));

        Path ecParams = run(dir, "ossl-ec-p384-params.key", "ecparam", "-name", "secp384r1", "-genkey");
        Path ecChain = chainFromOpenssl(pki, dir, "ossl-ec-p384", ecParams);
        out.add(pem("openssl ecparam -genkey p-384 (EC PARAMETERS + sec1)", ecChain, ecParams, KeyType.EC));
        out.add(encrypted("openssl ec -aes128 (legacy sec1)", ecChain, run(dir, "ossl-ec-aes128.key", "ec", "-in",
                ecParams.toString(), "-aes128", "-passout", pass), KeyType.EC));
        out.add(encrypted("openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES", ecChain, run(dir, "ossl-ec-3des.key", "pkcs8",
                "-topk8", "-in", ecParams.toString(), "-v1", "PBE-SHA1-3DES", "-passout", pass), KeyType.EC));

        Path ecEnc = run(dir, "ossl-ec-p256-enc.key", "genpkey", "-algorithm", "EC", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-aes-256-cbc", "-pass", pass);
        Path ecPlain = run(dir, "ossl-ec-p256.key", "pkey", "-in", ecEnc.toString(), "-passin", pass);
        Path p256Chain = chainFromOpenssl(pki, dir, "ossl-ec-p256", ecPlain);
        out.add(encrypted("openssl genpkey -aes-256-cbc (pkcs8 pbes2)", p256Chain, ecEnc, KeyType.EC));
        Path p521 = run(dir, "ossl-ec-p521.key", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521");
        out.add(pem("openssl genpkey ec p-521 (pkcs8)", chainFromOpenssl(pki, dir, "ossl-ec-p521", p521), p521,
                KeyType.EC));

        Path ed = run(dir, "ossl-ed25519.key", "genpkey", "-algorithm", "ED25519");
        Path edChain = chainFromOpenssl(pki, dir, "ossl-ed25519", ed);
        out.add(pem("openssl genpkey ed25519", edChain, ed, KeyType.ED25519));
        out.add(encrypted("openssl pkey -aes256 ed25519", edChain, run(dir, "ossl-ed25519-enc.key", "pkey", "-in",
                ed.toString(), "-aes256", "-passout", pass), KeyType.ED25519));
        Path ed448 = run(dir, "ossl-ed448.key", "genpkey", "-algorithm", "ED448");
        out.add(pem("openssl genpkey ed448", chainFromOpenssl(pki, dir, "ossl-ed448", ed448), ed448, KeyType.ED448));

        String[] export = {"pkcs12", "-export", "-in", p256Chain.toString(), "-inkey", ecPlain.toString()};
        out.add(p12(dir, "openssl pkcs12 default (aes-256-cbc, pbkdf2, sha256 mac)", "ossl-aes.p12", true,
                export, "-passout", pass));
        out.add(p12(dir, "openssl pkcs12 default, empty password", "ossl-aes-empty.p12", false,
                export, "-passout", "pass:"));
        out.add(p12(dir, "openssl pkcs12 -legacy (3des, rc2, sha1 mac)", "ossl-legacy.p12", true,
                export, "-legacy", "-passout", pass));
        out.add(p12(dir, "openssl pkcs12 -legacy, empty password", "ossl-legacy-empty.p12", false,
                export, "-legacy", "-passout", "pass:"));
        out.add(p12(dir, "openssl pkcs12 -nomac, empty password", "ossl-nomac.p12", false,
                export, "-nomac", "-passout", "pass:"));
        out.add(p12(dir, "openssl pkcs12 unencrypted bags with a mac", "ossl-plainbags.p12", true,
                export, "-keypbe", "NONE", "-certpbe", "NONE", "-passout", pass));

        Path p12 = dir.resolve("ossl-aes.p12");
        out.add(new Case("openssl pkcs12 -nodes output (Bag Attributes, cert and key)", run(dir, "ossl-nodes.pem",
                "pkcs12", "-in", p12.toString(), "-passin", pass, "-nodes"), Optional.empty(), Optional.empty(),
                KeyType.EC));
        out.add(new Case("openssl pkcs12 output with an encrypted key", run(dir, "ossl-enc-all.pem", "pkcs12", "-in",
                p12.toString(), "-passin", pass, "-passout", pass), Optional.empty(), Optional.of(PASSWORD), KeyType.EC));
        return out;
    }

    private static Case pem(String name, Path chain, Path key, KeyType type) {
        return new Case(name, chain, Optional.of(key), Optional.empty(), type);
    }

    private static Case encrypted(String name, Path chain, Path key, KeyType type) {
        return new Case(name, chain, Optional.of(key), Optional.of(PASSWORD), type);
    }

    private static Case p12(Path dir, String name, String file, boolean needsPassword, String[] export,
                            String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(export));
        args.addAll(List.of(options));
        Path out = dir.resolve(file);
        args.addAll(List.of("-out", out.toString()));
        check(OpenSsl.run(args.toArray(String[]::new)), args);
        return new Case(name, out, Optional.empty(), needsPassword ? Optional.of(PASSWORD) : Optional.empty(),
                KeyType.EC);
    }

    /** Runs {@code openssl args -out dir/file} and returns the file (mode 0600). */
    private static Path run(Path dir, String file, String... args) throws IOException, InterruptedException {
        Path out = dir.resolve(file);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-out", out.toString()));
        check(OpenSsl.run(all.toArray(String[]::new)), all);
        PemFiles.writeSecret(out, Files.readString(out));
        return out;
    }

    private static void check(OpenSsl.Result r, List<String> args) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + r.output());
        }
    }

    /** A chain file for the public half of an unencrypted key file openssl wrote. */
    private static Path chainFromOpenssl(TestPki pki, Path dir, String name, Path key)
            throws IOException, InterruptedException {
        OpenSsl.Result pub = OpenSsl.run("pkey", "-in", key.toString(), "-pubout");
        check(pub, List.of("pkey", "-in", key.toString(), "-pubout"));
        try (PEMParser parser = new PEMParser(new StringReader(pub.output()))) {
            PublicKey publicKey = new JcaPEMKeyConverter().getPublicKey((SubjectPublicKeyInfo) parser.readObject());
            return chain(pki, dir, name, publicKey);
        }
    }

    private static Path chain(TestPki pki, Path dir, String name, PublicKey publicKey) throws IOException {
        return PemFiles.write(dir.resolve(name + ".crt"),
                PemFiles.certs(List.of(issue(pki, publicKey), pki.intermediateCert())));
    }

    /** CN=localhost with SANs localhost, 127.0.0.1 and ::1, serverAuth, issued by the intermediate. */
    private static java.security.cert.X509Certificate issue(TestPki pki, PublicKey publicKey) {
        int usage = publicKey.getAlgorithm().equals("RSA")
                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature;
        return TestCertBuilder.subject("CN=localhost", new KeyPair(publicKey, null), pki.algorithm())
                .serverAuth().clientAuth().dns("localhost").ip("127.0.0.1", "::1").keyUsage(usage)
                .issuedBy(pki.intermediateIssuer()).build().cert();
    }

    /**
     * PKCS#12 whose MAC key comes from a zero-length password (OpenSSL's "no password", as opposed to the
     * two-byte terminator Java and {@code openssl -passout pass:} use); bags unencrypted, as such files have.
     */
    private static Path zeroLengthPasswordPkcs12(Path file, java.security.PrivateKey key,
                                                 List<java.security.cert.X509Certificate> chain) throws IOException {
        try {
            var id = new org.bouncycastle.asn1.DEROctetString(new byte[] {1, 2, 3, 4});
            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            for (int i = 0; i < chain.size(); i++) {
                var bag = new JcaPKCS12SafeBagBuilder(chain.get(i));
                if (i == 0) {
                    bag.addBagAttribute(PKCS12SafeBag.localKeyIdAttribute, id);
                }
                pfx.addData(bag.build());
            }
            pfx.addData(new JcaPKCS12SafeBagBuilder(key).addBagAttribute(PKCS12SafeBag.localKeyIdAttribute, id)
                    .build());
            Files.write(file, pfx.build(new BcPKCS12MacCalculatorBuilder(), new char[0]).getEncoded());
            return file;
        } catch (org.bouncycastle.pkcs.PKCSException e) {
            throw new IOException("cannot write " + file, e);
        }
    }

    private static Path secret(Path dir, String name, String text) throws IOException {
        return PemFiles.writeSecret(dir.resolve(name), text);
    }
}
