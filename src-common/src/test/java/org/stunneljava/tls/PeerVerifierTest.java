package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stunneljava.tls.Verifications.assertAccepted;
import static org.stunneljava.tls.Verifications.assertRejected;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.tls.AlertDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.Verification;
import org.stunneljava.testkit.TestPki;

/**
 * Every expected log below is what stunnel 5.68 (OpenSSL 3.0) logged at debug = info for the same PKI and
 * options, recorded by running it against {@code openssl s_server} / {@code s_client}; the alerts are what the
 * peer received. Lines are written as "LOG<n>: text"; debug lines (LOG7) are left out of the comparison.
 */
@DisplayName("PeerVerifier decides like stunnel 5.68 on OpenSSL 3.0")
class PeerVerifierTest {
    private static TestPki pki;
    private static final String ROOT = "CN=Test Root CA, O=stunnel-java tests";
    private static final String INTERMEDIATE = "CN=Test Intermediate CA, O=stunnel-java tests";

    @BeforeAll
    static void pki(@TempDir Path dir) throws Exception {
        pki = TestPki.create(dir);
    }

    @Nested
    @DisplayName("verifyChain")
    class VerifyChain {
        @Test
        void a_good_chain_is_accepted_depth_by_depth_from_the_root_down() {
            VerifyOutcome o = verify(chain(List.of("localhost")), trust(pki.rootCert()), pki.server().chain());
            assertAccepted(o, "LOG6: Certificate accepted at depth=2: " + ROOT,
                    "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                    "LOG6: CERT: Host name \"localhost\" matched with \"localhost\"",
                    "LOG5: Certificate accepted at depth=0: CN=localhost");
        }

        @Test
        void an_expired_leaf_is_rejected_with_certificate_expired() {
            VerifyOutcome o = verify(chain(List.of("localhost")), trust(pki.rootCert()), pki.expired().chain());
            assertRejected(o, AlertDescription.certificate_expired,
                    "LOG6: Certificate accepted at depth=2: " + ROOT,
                    "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                    "LOG4: CERT: Pre-verification error: certificate has expired",
                    "LOG4: Rejected by CERT at depth=0: CN=localhost, OU=expired");
        }

        @Test
        void a_self_signed_certificate_is_rejected_with_unknown_ca() {
            VerifyOutcome o = verify(chain(List.of("localhost")), trust(pki.rootCert()), pki.unknown().chain());
            assertRejected(o, AlertDescription.unknown_ca,
                    "LOG4: CERT: Pre-verification error: self-signed certificate",
                    "LOG4: Rejected by CERT at depth=0: CN=Unknown Self-Signed");
        }

        @Test
        void a_chain_from_an_unknown_ca_fails_at_the_top_of_what_was_sent() {
            VerifyOutcome o = verify(chain(List.of()), trust(pki.unknown().cert()), pki.server().chain());
            assertRejected(o, AlertDescription.unknown_ca,
                    "LOG4: CERT: Pre-verification error: unable to get local issuer certificate",
                    "LOG4: Rejected by CERT at depth=1: " + INTERMEDIATE);
        }

        @Test
        void a_leaf_sent_without_its_intermediate_fails_at_depth_0() {
            VerifyOutcome o = verify(chain(List.of()), trust(pki.rootCert()), List.of(pki.server().cert()));
            assertRejected(o, AlertDescription.unknown_ca,
                    "LOG4: CERT: Pre-verification error: unable to get local issuer certificate",
                    "LOG4: Rejected by CERT at depth=0: CN=localhost");
        }

        @Test
        void trusting_only_the_intermediate_is_not_enough_as_in_openssl_without_partial_chain() {
            VerifyOutcome o = verify(chain(List.of()), trust(pki.intermediateCert()), pki.server().chain());
            assertRejected(o, AlertDescription.unknown_ca,
                    "LOG4: CERT: Pre-verification error: unable to get issuer certificate",
                    "LOG4: Rejected by CERT at depth=1: " + INTERMEDIATE);
        }

        @Test
        void a_wrong_host_is_rejected_after_the_chain_with_internal_error() {
            VerifyOutcome o = verify(chain(List.of("localhost")), trust(pki.rootCert()),
                    pki.wrongHost().chain());
            assertRejected(o, AlertDescription.internal_error,
                    "LOG6: Certificate accepted at depth=2: " + ROOT,
                    "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                    "LOG4: CERT: Subject checks failed",
                    "LOG4: Rejected by CERT at depth=0: CN=wrong.example.com");
        }

        @Test
        void check_host_and_check_ip_lines_are_any_of_and_ipv6_matches_the_san() {
            Verification v = new Verification(true, true, false, List.of("nothere"), List.of("10.0.0.1", "::1"),
                    Optional.empty());
            VerifyOutcome o = verify(v, trust(pki.rootCert()), pki.server().chain());
            assertAccepted(o, "LOG6: Certificate accepted at depth=2: " + ROOT,
                    "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                    "LOG6: CERT: IP address \"::1\" matched",
                    "LOG5: Certificate accepted at depth=0: CN=localhost");
        }

        @Test
        void check_ip_matches_an_ipv4_san_and_refuses_an_absent_one() {
            Verification good = new Verification(true, true, false, List.of(), List.of("127.0.0.1"), Optional.empty());
            assertTrue(verify(good, trust(pki.rootCert()), pki.server().chain()).accepted());
            Verification bad = new Verification(true, true, false, List.of(), List.of("127.0.0.2"), Optional.empty());
            assertFalse(verify(bad, trust(pki.rootCert()), pki.server().chain()).accepted());
        }

        @Test
        void a_server_certificate_without_server_auth_is_an_unsuitable_purpose() {
            VerifyOutcome o = verify(chain(List.of()), trust(pki.rootCert()), pki.client().chain());
            assertRejected(o, AlertDescription.unsupported_certificate,
                    "LOG4: CERT: Pre-verification error: unsuitable certificate purpose",
                    "LOG4: Rejected by CERT at depth=0: CN=client");
        }

        @Test
        void time_comes_from_the_injected_clock_and_the_first_expired_depth_from_the_top_fails() {
            Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(40)), ZoneOffset.UTC);
            VerifyOutcome o = new PeerVerifier(chain(List.of()), trust(pki.rootCert()), PeerRole.SERVER, later,
                    RevocationCheck.NONE).verify(pki.server().chain());
            assertRejected(o, AlertDescription.certificate_expired,
                    "LOG6: Certificate accepted at depth=2: " + ROOT,
                    "LOG4: CERT: Pre-verification error: certificate has expired",
                    "LOG4: Rejected by CERT at depth=1: " + INTERMEDIATE);
        }
    }

    @Nested
    @DisplayName("server mode (the peer is a client)")
    class ClientCertificates {
        @Test
        void a_client_certificate_is_accepted() {
            VerifyOutcome o = verifyClient(chain(List.of()), pki.client().chain());
            assertAccepted(o, "LOG6: Certificate accepted at depth=2: " + ROOT,
                    "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                    "LOG6: CERT: No subject checks configured",
                    "LOG5: Certificate accepted at depth=0: CN=client");
        }

        @Test
        void a_server_only_certificate_is_an_unsuitable_client_purpose() {
            VerifyOutcome o = verifyClient(chain(List.of()), pki.server().chain());
            assertRejected(o, AlertDescription.unsupported_certificate,
                    "LOG4: CERT: Pre-verification error: unsuitable certificate purpose",
                    "LOG4: Rejected by CERT at depth=0: CN=localhost");
        }

        private VerifyOutcome verifyClient(Verification v, List<X509Certificate> peer) {
            return new PeerVerifier(v, trust(pki.rootCert()), PeerRole.CLIENT, Clock.systemUTC(),
                    RevocationCheck.NONE).verify(peer);
        }
    }

    @Nested
    @DisplayName("verifyPeer")
    class VerifyPeer {
        @Test
        void a_pinned_self_signed_certificate_is_accepted_after_the_subject_checks() {
            VerifyOutcome o = verify(peer(List.of("localhost")), trust(pki.unknown().cert()), pki.unknown().chain());
            assertAccepted(o, "LOG6: CERT: Host name \"localhost\" matched with \"localhost\"",
                    "LOG6: CERT: Locally installed certificate matched",
                    "LOG5: Certificate accepted at depth=0: CN=Unknown Self-Signed");
        }

        @Test
        void a_pinned_leaf_needs_no_chain_and_the_missing_issuer_is_ignored() {
            VerifyOutcome o = verify(peer(List.of()), trust(pki.server().cert()), pki.server().chain());
            assertAccepted(o, "LOG6: CERT: Pre-verification error ignored: unable to get local issuer certificate",
                    "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                    "LOG6: CERT: No subject checks configured",
                    "LOG6: CERT: Locally installed certificate matched",
                    "LOG5: Certificate accepted at depth=0: CN=localhost");
        }

        @Test
        void a_pinned_lone_leaf_passes_the_callback_three_times_as_openssl_calls_it() {
            VerifyOutcome o = verify(peer(List.of()), trust(pki.server().cert()), List.of(pki.server().cert()));
            List<String> once = List.of("LOG6: CERT: No subject checks configured",
                    "LOG6: CERT: Locally installed certificate matched",
                    "LOG5: Certificate accepted at depth=0: CN=localhost");
            List<String> expected = new ArrayList<>();
            expected.add("LOG6: CERT: Pre-verification error ignored: unable to get local issuer certificate");
            expected.addAll(once);
            expected.add("LOG6: CERT: Pre-verification error ignored: unable to verify the first certificate");
            expected.addAll(once);
            expected.addAll(once);
            assertAccepted(o, expected.toArray(String[]::new));
        }

        @Test
        void a_certificate_not_in_the_ca_file_is_rejected_with_bad_certificate() {
            VerifyOutcome o = verify(peer(List.of()), trust(pki.unknown().cert()), pki.server().chain());
            assertRejected(o, AlertDescription.bad_certificate,
                    "LOG6: CERT: Pre-verification error ignored: unable to get local issuer certificate",
                    "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                    "LOG6: CERT: No subject checks configured",
                    "LOG4: CERT: Certificate not found in local repository",
                    "LOG4: Rejected by CERT at depth=0: CN=localhost");
        }

        @Test
        void an_unpinned_self_signed_certificate_is_not_an_ignorable_error() {
            VerifyOutcome o = verify(peer(List.of()), trust(pki.rootCert()), pki.unknown().chain());
            assertRejected(o, AlertDescription.unknown_ca,
                    "LOG4: CERT: Pre-verification error: self-signed certificate",
                    "LOG4: Rejected by CERT at depth=0: CN=Unknown Self-Signed");
        }

        @Test
        void a_pinned_expired_certificate_is_still_rejected() {
            VerifyOutcome o = verify(peer(List.of()), trust(pki.expired().cert()), pki.expired().chain());
            assertRejected(o, AlertDescription.certificate_expired,
                    "LOG6: CERT: Pre-verification error ignored: unable to get local issuer certificate",
                    "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                    "LOG4: CERT: Pre-verification error: certificate has expired",
                    "LOG4: Rejected by CERT at depth=0: CN=localhost, OU=expired");
        }

        @Test
        void a_failed_subject_check_after_an_ignored_error_sends_the_alert_of_that_error() {
            VerifyOutcome o = verify(peer(List.of("localhost")), trust(pki.wrongHost().cert()),
                    pki.wrongHost().chain());
            assertRejected(o, AlertDescription.unknown_ca,
                    "LOG6: CERT: Pre-verification error ignored: unable to get local issuer certificate",
                    "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                    "LOG4: CERT: Subject checks failed",
                    "LOG4: Rejected by CERT at depth=0: CN=wrong.example.com");
        }
    }

    @Nested
    @DisplayName("verifyChain and verifyPeer together")
    class Both {
        private final Verification both = new Verification(true, true, true, List.of(), List.of(), Optional.empty());

        @Test
        void the_chain_must_verify_and_the_leaf_must_be_pinned() {
            VerifyOutcome o = verify(both, trust(pki.rootCert(), pki.server().cert()), pki.server().chain());
            assertAccepted(o, "LOG6: Certificate accepted at depth=2: " + ROOT,
                    "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                    "LOG6: CERT: No subject checks configured",
                    "LOG6: CERT: Locally installed certificate matched",
                    "LOG5: Certificate accepted at depth=0: CN=localhost");
        }

        @Test
        void a_valid_chain_without_the_pin_is_rejected() {
            VerifyOutcome o = verify(both, trust(pki.rootCert(), pki.intermediateCert()), pki.server().chain());
            assertRejected(o, AlertDescription.bad_certificate,
                    "LOG6: Certificate accepted at depth=2: " + ROOT,
                    "LOG6: Certificate accepted at depth=1: " + INTERMEDIATE,
                    "LOG6: CERT: No subject checks configured",
                    "LOG4: CERT: Certificate not found in local repository",
                    "LOG4: Rejected by CERT at depth=0: CN=localhost");
        }

        @Test
        void a_pinned_leaf_without_a_valid_chain_is_rejected() {
            VerifyOutcome o = verify(both, trust(pki.unknown().cert(), pki.server().cert()), pki.server().chain());
            assertRejected(o, AlertDescription.unknown_ca,
                    "LOG4: CERT: Pre-verification error: unable to get local issuer certificate",
                    "LOG4: Rejected by CERT at depth=1: " + INTERMEDIATE);
        }
    }

    @Test
    @DisplayName("without verifyChain and verifyPeer every certificate passes, one line per callback")
    void without_verification_everything_is_accepted() {
        VerifyOutcome o = verify(Verification.NONE, TrustStore.EMPTY, pki.wrongHost().chain());
        assertAccepted(o, "LOG6: Certificate verification disabled", "LOG6: Certificate verification disabled");
    }

    private static Verification chain(List<String> hosts) {
        return new Verification(true, true, false, hosts, List.of(), Optional.empty());
    }

    private static Verification peer(List<String> hosts) {
        return new Verification(true, false, true, hosts, List.of(), Optional.empty());
    }

    private static TrustStore trust(X509Certificate... certs) {
        return new TrustStore(List.of(certs));
    }

    private static VerifyOutcome verify(Verification v, TrustStore trust, List<X509Certificate> peer) {
        return new PeerVerifier(v, trust, PeerRole.SERVER, Clock.systemUTC(), RevocationCheck.NONE).verify(peer);
    }
}
