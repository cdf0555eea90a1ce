package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.tls.AlertDescription;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.config.Verification;
import org.stunneljava.testkit.TestCertBuilder;
import org.stunneljava.testkit.TestKeys;

/**
 * checkEmail as OpenSSL 3.0's X509_check_email decides it for stunnel. Every row was checked with stunnel 5.68
 * (checkEmail in a verifying server, s_client presenting the certificate) or {@code openssl x509 -checkemail}.
 */
@DisplayName("checkEmail as X509_check_email in OpenSSL 3.0")
class EmailMatcherTest {
    private static final Map<String, X509Certificate> CERTS = Map.of(
            // SAN email:Alice@Example.COM, subject emailAddress bob@example.com
            "san", cert("CN=mailsan, E=bob@example.com", b -> b.email("Alice@Example.COM")),
            // subject emailAddress only
            "subject", cert("CN=maildn, E=Bob@Example.com", b -> b),
            // a SAN without e-mail entries: the subject still counts
            "dns-san", cert("CN=maildns, E=carol@example.com", b -> b.dns("foo.example")),
            // RFC 8398 SmtpUTF8Mailbox counts as a SAN e-mail and hides the subject
            "smtputf8", cert("CN=x, E=subj@example.com", b -> b.otherName("1.3.6.1.5.5.7.8.9", "utf@example.com")),
            // another other name does not
            "other", cert("CN=x, E=subj@example.com", b -> b.otherName("1.2.3.4", "utf@example.com")),
            "no-at", cert("CN=x", b -> b.email("Postmaster")));

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(textBlock = """
            san,      Alice@example.com, true
            san,      Alice@Example.COM, true
            san,      alice@Example.COM, false
            san,      bob@example.com,   false
            subject,  Bob@example.com,   true
            subject,  bob@example.com,   false
            dns-san,  carol@example.com, true
            smtputf8, utf@example.com,   true
            smtputf8, subj@example.com,  false
            other,    subj@example.com,  true
            other,    utf@example.com,   false
            no-at,    Postmaster,        true
            no-at,    postmaster,        false
            san,      '',                false
            """)
    void matchesAsOpenssl(String cert, String address, boolean matches) {
        assertEquals(matches, EmailMatcher.matches(CERTS.get(cert), address));
    }

    @Test
    void theSplitIsAtTheLastAtSignOfEitherSide() {
        assertTrue(EmailMatcher.equalEmail("a@b@EXAMPLE.com".getBytes(), "a@b@example.COM".getBytes()));
        assertEquals(false, EmailMatcher.equalEmail("A@b@example.com".getBytes(), "a@b@example.com".getBytes()));
        assertEquals(false, EmailMatcher.equalEmail("ab.example.com".getBytes(), "a@.example.com".getBytes()),
                "an '@' on one side only still splits; lengths must match first");
    }

    @Test
    void stunnelChecksHostsThenEmailsThenAddressesAndLogsTheMatch() {
        X509Certificate cert = CERTS.get("san");
        Verification v = new Verification(true, false, true, List.of("nothere.example"), List.of("10.0.0.1"),
                Optional.empty()).withTrust(List.of("nobody@example.com", "Alice@example.com"), Optional.empty(),
                Optional.empty(), Optional.empty());
        VerifyOutcome o = new PeerVerifier(v, new TrustStore(List.of(cert)), PeerRole.CLIENT, Clock.systemUTC(),
                RevocationCheck.NONE).verify(List.of(cert));
        assertTrue(o.accepted(), o.log().toString());
        assertTrue(o.log().stream().anyMatch(l -> l.toString().equals(
                "LOG6: CERT: Email address \"Alice@example.com\" matched")), o.log().toString());
        Verification miss = v.withTrust(List.of("alice@example.com"), Optional.empty(), Optional.empty(),
                Optional.empty());
        VerifyOutcome refused = new PeerVerifier(miss, new TrustStore(List.of(cert)), PeerRole.CLIENT,
                Clock.systemUTC(), RevocationCheck.NONE).verify(List.of(cert));
        assertEquals(AlertDescription.getText(AlertDescription.internal_error),
                AlertDescription.getText(refused.alert()));
        assertTrue(refused.log().stream().anyMatch(l -> l.toString().equals("LOG4: CERT: Subject checks failed")));
    }

    private static X509Certificate cert(String subject,
                                        java.util.function.UnaryOperator<TestCertBuilder> extra) {
        TestCertBuilder b = TestCertBuilder.subject(subject, TestKeys.cached(TestKeys.Algorithm.EC_P256, "email"),
                TestKeys.Algorithm.EC_P256).clientAuth();
        return extra.apply(b).build().cert();
    }
}
