package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stunneljava.tls.Verifications.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.StartupNotice;
import org.stunneljava.config.Verification;
import org.stunneljava.log.Severity;
import org.stunneljava.testkit.HashedDirs;
import org.stunneljava.testkit.PemFiles;
import org.stunneljava.testkit.TestCertBuilder;
import org.stunneljava.testkit.TestKeys;
import org.stunneljava.testkit.TestPki;

/**
 * CApath (and the certificates OpenSSL also finds in CRLpath), and the CA name list, as stunnel 5.68 on OpenSSL
 * 3.0 behaves; every case was run against stunnel with s_client: the hashed directory is read at verification
 * time, a file not named by its hash only names a CA, CAfile shadows CApath for a subject it has, the name list
 * comes out in OpenSSL's order.
 */
@DisplayName("CApath and the CA name list as stunnel 5.68 on OpenSSL 3.0")
class TrustPathsTest {
    private static TestPki pki;
    @TempDir
    static Path dir;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @Test
    void aChainIsVerifiedAgainstTheHashedRoot() throws Exception {
        VerifyOutcome o = verify(chainWith(Optional.empty(), Optional.of(pki.caPath())), pki.client().chain());
        assertTrue(o.accepted(), o.log().toString());
        assertTrue(o.log().stream().anyMatch(l -> l.text().equals(
                "Certificate accepted at depth=2: CN=Test Root CA, O=stunnel-java tests")));
    }

    @Test
    void theVerifyPeerPinIsFoundInCapath() throws Exception {
        Path pins = HashedDirs.write(dir.resolve("pins"), List.of(pki.client().cert()), List.of());
        Verification pin = new Verification(true, false, true, List.of(), List.of(), Optional.empty())
                .withTrust(List.of(), Optional.of(pins), Optional.empty(), Optional.empty());
        VerifyOutcome o = verify(pin, pki.client().chain());
        assertTrue(o.accepted(), o.log().toString());
        assertTrue(o.log().stream().anyMatch(l -> l.text().equals("CERT: Locally installed certificate matched")));
        VerifyOutcome miss = verify(pin, pki.revokedClient().chain());
        assertEquals(X509Error.CERT_REJECTED, miss.error());
        assertTrue(miss.log().stream().anyMatch(l -> l.text().equals("CERT: Certificate not found in local repository")));
    }

    @Test
    void capathIsReadAtVerificationTime() throws Exception {
        // something to trust at start-up, or stunnel refuses the service ("No trusted certificates found")
        Path late = HashedDirs.write(dir.resolve("late"), List.of(pki.unknown().cert()), List.of());
        Verification v = chainWith(Optional.empty(), Optional.of(late));
        TrustLoader.Trust trust = TrustLoader.load("s", v, new ArrayList<>());
        assertEquals(X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, verify(v, trust, pki.client().chain()).error());
        HashedDirs.write(late, List.of(pki.rootCert()), List.of());
        assertTrue(verify(v, trust, pki.client().chain()).accepted());
    }

    @Test
    void aFileNotNamedByItsHashNamesACaButIsNotTrusted() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        PemFiles.write(plain.resolve("root.pem"), PemFiles.certs(List.of(pki.rootCert())));
        Verification v = chainWith(Optional.empty(), Optional.of(plain));
        TrustLoader.Trust trust = TrustLoader.load("s", v, new ArrayList<>());
        assertEquals(List.of(pki.rootCert().getSubjectX500Principal()), trust.caNames());
        VerifyOutcome o = verify(v, trust, pki.client().chain());
        assertEquals(X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, o.error());
        assertTrue(o.log().stream().anyMatch(l -> l.text().equals(
                "Rejected by CERT at depth=1: CN=Test Intermediate CA, O=stunnel-java tests")));
    }

    @Test
    void caFileShadowsCapathForASubjectItHas() throws Exception {
        TestCertBuilder.Issued impostor = TestCertBuilder.subject("CN=Test Root CA, O=stunnel-java tests",
                TestKeys.cached(TestKeys.Algorithm.EC_P256, "impostor-root"), TestKeys.Algorithm.EC_P256).ca(null)
                .build();
        Path impostorPem = PemFiles.write(dir.resolve("impostor.pem"), PemFiles.certs(List.of(impostor.cert())));
        VerifyOutcome o = verify(chainWith(Optional.of(impostorPem), Optional.of(pki.caPath())), pki.client().chain());
        assertEquals(X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, o.error());
    }

    @Test
    void aCaCertificateInCrlpathIsTrustedBecauseOpensslSharesTheLookup() throws Exception {
        Path crlDir = HashedDirs.write(dir.resolve("crl-and-ca"), List.of(pki.rootCert()),
                List.of(pki.intermediateCrl()));
        Path other = PemFiles.write(dir.resolve("other-ca.pem"), PemFiles.certs(List.of(pki.unknown().cert())));
        Verification v = new Verification(true, true, false, List.of(), List.of(), Optional.of(other))
                .withTrust(List.of(), Optional.empty(), Optional.empty(), Optional.of(crlDir));
        assertTrue(verify(v, pki.client().chain()).accepted());
    }

    @Test
    void caNamesComeInOpensslsOrderAndOnceEach() throws Exception {
        X509Certificate zeta = ca("CN=Zeta");
        X509Certificate alpha = ca("CN=Alpha");
        X509Certificate mid = ca("CN=Mid");
        // stunnel 5.68 with CAfile = Alpha, Zeta, Mid sent: Zeta, Alpha, Mid; with Zeta, Alpha, Mid, Alpha (the
        // duplicate check sorts): Mid, Zeta, Alpha; with Zeta, Alpha, Mid and a CApath holding the test root:
        // Mid, Zeta, Alpha, then the root.
        assertEquals(names(zeta, alpha, mid), caNames(List.of(alpha, zeta, mid), Optional.empty()));
        assertEquals(names(mid, zeta, alpha), caNames(List.of(zeta, alpha, mid, alpha), Optional.empty()));
        assertEquals(names(mid, zeta, alpha, pki.rootCert()), caNames(List.of(zeta, alpha, mid),
                Optional.of(pki.caPath())));
    }

    @Test
    void aCapathWithNoCertificateLeavesNothingToTrust() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-capath"));
        List<StartupNotice> notices = new ArrayList<>();
        TlsMaterialException e = assertThrows(TlsMaterialException.class,
                () -> TrustLoader.load("s", chainWith(Optional.empty(), Optional.of(empty)), notices));
        assertEquals("CApath", e.option());
        assertEquals("No trusted certificates found", e.problem());
        assertTrue(notices.contains(new StartupNotice(Severity.ERR, "No trusted certificates found")));
        Path missing = dir.resolve("no-such-dir");
        List<StartupNotice> warned = new ArrayList<>();
        TrustLoader.load("s", chainWith(Optional.of(pki.caPem()), Optional.of(missing)), warned);
        assertTrue(warned.contains(new StartupNotice(Severity.WARNING,
                "CApath = " + missing + ": cannot read the directory")), warned.toString());
    }

    @Test
    void theNameListIsLoggedAsStunnelDoes() throws Exception {
        TrustLoader.Trust trust = TrustLoader.load("s", chainWith(Optional.of(pki.caPem()), Optional.empty()),
                new ArrayList<>());
        assertEquals(List.of(new StartupNotice(Severity.INFO,
                        "Configured trusted client CA: CN=Test Root CA, O=stunnel-java tests")),
                TrustLoader.caListNotices(trust.caNames(), "client"));
    }

    private static List<X500Principal> caNames(List<X509Certificate> caFile, Optional<Path> caPath)
            throws Exception {
        Path file = PemFiles.write(Files.createTempFile(dir, "cafile", ".pem"), PemFiles.certs(caFile));
        return TrustLoader.load("s", chainWith(Optional.of(file), caPath), new ArrayList<>()).caNames();
    }

    private static List<X500Principal> names(X509Certificate... certs) {
        return java.util.Arrays.stream(certs).map(X509Certificate::getSubjectX500Principal).toList();
    }

    private static X509Certificate ca(String name) {
        return TestCertBuilder.subject(name, TestKeys.cached(TestKeys.Algorithm.EC_P256, name),
                TestKeys.Algorithm.EC_P256).ca(null).build().cert();
    }

    private static Verification chainWith(Optional<Path> caFile, Optional<Path> caPath) {
        return new Verification(true, true, false, List.of(), List.of(), caFile)
                .withTrust(List.of(), caPath, Optional.empty(), Optional.empty());
    }
}
