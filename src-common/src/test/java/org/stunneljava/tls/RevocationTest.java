package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stunneljava.tls.Verifications.assertAccepted;
import static org.stunneljava.tls.Verifications.assertRejected;
import static org.stunneljava.tls.Verifications.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.tls.AlertDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.StartupNotice;
import org.stunneljava.config.Verification;
import org.stunneljava.testkit.HashedDirs;
import org.stunneljava.testkit.PemFiles;
import org.stunneljava.testkit.TestCrlBuilder;
import org.stunneljava.testkit.TestKeys;
import org.stunneljava.testkit.TestPki;

/**
 * CRLfile and CRLpath through PeerVerifier, as stunnel 5.68 on OpenSSL 3.0 decides: only the peer's own
 * certificate is checked (stunnel sets X509_V_FLAG_CRL_CHECK without CRL_CHECK_ALL), before signatures and dates,
 * so a revoked leaf is rejected before any "Certificate accepted" line. Lines and alerts as stunnel logged and sent
 * them for the same cases (revoked, no CRL for the issuer, expired, not yet valid and badly signed CRL).
 */
@DisplayName("CRL checking as stunnel 5.68 on OpenSSL 3.0")
class RevocationTest {
    private static final String ROOT = "CN=Test Root CA, O=stunnel-java tests";
    private static final String INTERMEDIATE = "CN=Test Intermediate CA, O=stunnel-java tests";
    private static TestPki pki;
    @TempDir
    static Path dir;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @Test
    void aRevokedClientIsRejectedWithCertificateRevokedBeforeAnyDepthIsAccepted() throws Exception {
        VerifyOutcome o = verify(crlFile(pki.crlPem()), pki.revokedClient().chain());
        assertRejected(o, AlertDescription.certificate_revoked,
                "LOG4: CERT: Pre-verification error: certificate revoked",
                "LOG4: Rejected by CERT at depth=0: CN=client, OU=revoked");
    }

    @Test
    void aGoodClientPassesTheSameCrls() throws Exception {
        VerifyOutcome o = verify(crlFile(pki.crlPem()), pki.client().chain());
        assertAccepted(o, "LOG6: Certificate accepted at depth=2: " + ROOT,
                "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                "LOG6: CERT: No subject checks configured",
                "LOG5: Certificate accepted at depth=0: CN=client");
    }

    @Test
    void onlyTheLeafIsCheckedSoTheRootsCrlAloneIsNotEnough() throws Exception {
        VerifyOutcome o = verify(crlFile(pki.rootCrlPem()), pki.client().chain());
        assertRejected(o, AlertDescription.unknown_ca,
                "LOG4: CERT: Pre-verification error: unable to get certificate CRL",
                "LOG4: Rejected by CERT at depth=0: CN=client");
        assertTrue(verify(crlFile(pki.intermediateCrlPem()), pki.client().chain()).accepted(),
                "the intermediate's CRL alone is enough: the intermediate itself is not checked");
    }

    @Test
    void aRevokedIntermediateGoesUnnoticedAsInStunnel() throws Exception {
        X509CRL rootRevokesIntermediate = TestCrlBuilder.by(pki.rootIssuer()).revoke(pki.intermediateCert()).build();
        Path crls = write("intermediate-revoked.pem", rootRevokesIntermediate, pki.intermediateCrl());
        assertTrue(verify(crlFile(crls), pki.client().chain()).accepted());
    }

    @Test
    void anExpiredCrlIsCertificateExpired() throws Exception {
        Instant now = Instant.now();
        X509CRL old = TestCrlBuilder.by(pki.intermediateIssuer())
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))).build();
        assertTheGoodClientIsRejected(write("expired.crl", old), AlertDescription.certificate_expired,
                "CRL has expired");
    }

    @Test
    void aCrlFromTheFutureIsBadCertificate() throws Exception {
        Instant now = Instant.now();
        X509CRL future = TestCrlBuilder.by(pki.intermediateIssuer())
                .validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).build();
        assertTheGoodClientIsRejected(write("future.crl", future), AlertDescription.bad_certificate,
                "CRL is not yet valid");
    }

    @Test
    void aCrlSignedByAnotherKeyIsDecryptError() throws Exception {
        X509CRL forged = TestCrlBuilder.by(pki.intermediateIssuer())
                .signedWith(TestKeys.cached(TestKeys.Algorithm.EC_P256, "forger")).build();
        assertTheGoodClientIsRejected(write("forged.crl", forged), AlertDescription.decrypt_error,
                "CRL signature failure");
    }

    @Test
    void aCrlWithAnUnknownCriticalExtensionOrAnotherScopeIsRefused() throws Exception {
        X509CRL critical = TestCrlBuilder.by(pki.intermediateIssuer()).criticalExtension().build();
        assertTheGoodClientIsRejected(write("critical.crl", critical), AlertDescription.certificate_unknown,
                "unhandled critical CRL extension");
        X509CRL scoped = TestCrlBuilder.by(pki.intermediateIssuer()).scope("http://example.com/other.crl").build();
        assertTheGoodClientIsRejected(write("scoped.crl", scoped), AlertDescription.certificate_unknown,
                "different CRL scope");
    }

    @Test
    void ofTwoValidCrlsTheNewerOneDecides() throws Exception {
        Instant now = Instant.now();
        X509CRL older = TestCrlBuilder.by(pki.intermediateIssuer())
                .validity(now.minus(Duration.ofHours(5)), now.plus(Duration.ofDays(1))).build();
        X509CRL newer = TestCrlBuilder.by(pki.intermediateIssuer()).revoke(pki.client().cert())
                .validity(now.minus(Duration.ofHours(2)), now.plus(Duration.ofDays(1))).build();
        for (Path file : List.of(write("old-new.pem", older, newer), write("new-old.pem", newer, older))) {
            assertFalse(verify(crlFile(file), pki.client().chain()).accepted(), file.toString());
        }
        X509CRL expiredButNewer = TestCrlBuilder.by(pki.intermediateIssuer())
                .validity(now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(1))).build();
        assertTrue(verify(crlFile(write("valid-beats-newer.pem", expiredButNewer, older)), pki.client().chain())
                .accepted(), "a current CRL scores higher than a newer expired one");
    }

    @Test
    void anEntryRemovedFromTheCrlDoesNotRevoke() throws Exception {
        X509CRL removed = TestCrlBuilder.by(pki.intermediateIssuer())
                .revoke(pki.client().cert(), CRLReason.removeFromCRL).build();
        assertTrue(verify(crlFile(write("removed.crl", removed)), pki.client().chain()).accepted());
    }

    @Test
    void verifyPeerAlsoChecksThePinnedCertificatesCrl() throws Exception {
        Verification pin = new Verification(true, false, true, List.of(), List.of(),
                Optional.of(pki.revokedClient().certPem())).withTrust(List.of(), Optional.empty(),
                Optional.of(pki.crlPem()), Optional.empty());
        assertRejected(verify(pin, pki.revokedClient().chain()), AlertDescription.certificate_revoked,
                "LOG6: CERT: Pre-verification error ignored: unable to get local issuer certificate",
                "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                "LOG4: CERT: Pre-verification error: certificate revoked",
                "LOG4: Rejected by CERT at depth=0: CN=client, OU=revoked");
    }

    @Test
    void crlPathIsReadAtVerificationTimeSoANewCrlCountsAtOnce() throws Exception {
        Path crlDir = Files.createDirectories(dir.resolve("late-crls"));
        Verification v = chain().withTrust(List.of(), Optional.empty(), Optional.empty(), Optional.of(crlDir));
        TrustLoader.Trust trust = TrustLoader.load("s", v, new ArrayList<>());
        assertEquals("unable to get certificate CRL", verify(v, trust, pki.client().chain()).error().text());
        HashedDirs.write(crlDir, List.of(), List.of(TestCrlBuilder.by(pki.intermediateIssuer()).build()));
        assertTrue(verify(v, trust, pki.client().chain()).accepted());
        Path file = crlDir.resolve(CanonicalName.of(pki.intermediateCert().getSubjectX500Principal()).hash() + ".r0");
        Files.writeString(file, PemFiles.crls(List.of(TestCrlBuilder.by(pki.intermediateIssuer())
                .revoke(pki.client().cert()).validity(Instant.now().minusSeconds(60),
                        Instant.now().plus(Duration.ofDays(2))).build())));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(X509Error.CERT_REVOKED, verify(v, trust, pki.client().chain()).error(),
                "a replaced file is read again");
    }

    @Test
    void crlsInTheCaFileAndInCapathCountOnceCrlCheckingIsOn() throws Exception {
        Path caWithCrl = write("ca-with-crl.pem", pki.intermediateCrl());
        Files.writeString(caWithCrl, PemFiles.certs(List.of(pki.rootCert())) + Files.readString(caWithCrl));
        Verification inCaFile = new Verification(true, true, false, List.of(), List.of(), Optional.of(caWithCrl))
                .withTrust(List.of(), Optional.empty(), Optional.of(pki.rootCrlPem()), Optional.empty());
        assertEquals(X509Error.CERT_REVOKED, verify(inCaFile, pki.revokedClient().chain()).error());
        Verification inCaPath = chain().withTrust(List.of(), Optional.of(pki.crlPath()),
                Optional.of(pki.rootCrlPem()), Optional.empty());
        assertEquals(X509Error.CERT_REVOKED, verify(inCaPath, pki.revokedClient().chain()).error());
        Verification off = new Verification(true, true, false, List.of(), List.of(), Optional.of(caWithCrl));
        assertTrue(verify(off, pki.revokedClient().chain()).accepted(), "without CRLfile/CRLpath no CRL is used");
    }

    @Test
    void aCrlFileThatDoesNotLoadIsAStartUpErrorInStunnelsWords() throws Exception {
        Path garbled = dir.resolve("garbled.crl");
        Files.writeString(garbled, Files.readString(pki.intermediateCrlPem())
                + "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
        assertLoadError(garbled, "Failed to load " + garbled + " revocation lookup file: PEM block 2 does not decode");
        assertLoadError(pki.caPem(), "Failed to load " + pki.caPem() + " revocation lookup file: no CRL found");
        Path missing = dir.resolve("missing.crl");
        assertLoadError(missing, "Failed to load " + missing + " revocation lookup file: file not found");
    }

    /** With {@code crls} as CRLfile, the good client is rejected at depth 0 for the CRL's fault. */
    private static void assertTheGoodClientIsRejected(Path crls, short alert, String error) throws Exception {
        assertRejected(verify(crlFile(crls), pki.client().chain()), alert,
                "LOG4: CERT: Pre-verification error: " + error, "LOG4: Rejected by CERT at depth=0: CN=client");
    }

    private static void assertLoadError(Path crl, String problem) {
        TlsMaterialException e = org.junit.jupiter.api.Assertions.assertThrows(TlsMaterialException.class,
                () -> TrustLoader.load("s", crlFile(crl), new ArrayList<StartupNotice>()));
        assertEquals("CRLfile", e.option());
        assertTrue(e.problem().startsWith(problem), e.problem());
    }

    private static Verification chain() {
        return new Verification(true, true, false, List.of(), List.of(), Optional.of(pki.caPem()));
    }

    private static Verification crlFile(Path crls) {
        return chain().withTrust(List.of(), Optional.empty(), Optional.of(crls), Optional.empty());
    }

    private static Path write(String name, X509CRL... crls) throws Exception {
        return PemFiles.write(dir.resolve(name), PemFiles.crls(List.of(crls)));
    }
}
