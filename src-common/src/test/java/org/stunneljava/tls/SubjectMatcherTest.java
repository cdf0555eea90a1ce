package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.testkit.OpenSsl;
import org.stunneljava.testkit.PemFiles;
import org.stunneljava.testkit.TestCertBuilder;
import org.stunneljava.testkit.TestKeys;

@DisplayName("checkHost / checkIP follow OpenSSL's X509_check_host and X509_check_ip_asc")
class SubjectMatcherTest {
    /** pattern in the certificate, host asked for, expected. */
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "localhost, localhost, true",
            "LocalHost, localhost, true",
            "*.example.com, www.example.com, true",
            "*.example.com, WWW.Example.COM, true",
            "*.example.com, example.com, false",
            "*.example.com, a.b.example.com, false",
            "*.example.com, .example.com, true", // openssl: the sub-domain form strips the label
            "*.com, foo.com, false",
            "www.*.com, www.example.com, false",
            "f*.example.com, foo.example.com, true",
            "*o.example.com, foo.example.com, true",
            "f*o.example.com, foo.example.com, false",
            "f*.example.com, xn--f.example.com, false",
            "*.xn--bcher-kva.example, www.xn--bcher-kva.example, true",
            "*.example.com, xn--bcher-kva.example.com, true",
            "www.example.com, .example.com, true",
            "example.com, .example.com, false",
            "a.b.example.com, .example.com, true",
    })
    void wildcard_rules(String pattern, String host, boolean expected) {
        assertEquals(expected, SubjectMatcher.hostMatches(pattern, host));
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "*.example.com, www.example.com, true",
            "f*.example.com, foo.example.com, true",
            "f*o.example.com, foo.example.com, false",
            "*.com, foo.com, false",
            "*.example.com, a.b.example.com, false",
    })
    void wildcard_rules_agree_with_openssl_x509_checkhost(String pattern, String host, boolean expected,
                                                          @TempDir Path dir) throws Exception {
        OpenSsl.assumeInstalled();
        X509Certificate cert = cert("CN=x", b -> b.dns(pattern));
        Path file = PemFiles.write(dir.resolve("c.pem"), PemFiles.certs(List.of(cert)));
        var r = OpenSsl.run("x509", "-in", file.toString(), "-noout", "-checkhost", host);
        assertEquals(expected, r.output().contains("does match certificate"), r.output());
        assertEquals(expected, SubjectMatcher.matchHost(cert, host).isPresent());
    }

    @Test
    void the_common_name_counts_only_when_there_is_no_dns_san() {
        assertEquals(Optional.of("cn.example"), SubjectMatcher.matchHost(cert("CN=cn.example", b -> b), "cn.example"));
        assertEquals(Optional.of("cn.example"),
                SubjectMatcher.matchHost(cert("CN=cn.example", b -> b.ip("10.0.0.1")), "cn.example"));
        assertEquals(Optional.empty(),
                SubjectMatcher.matchHost(cert("CN=cn.example", b -> b.dns("san.example")), "cn.example"));
    }

    @Test
    void the_matched_certificate_name_is_returned_for_the_log_line() {
        assertEquals(Optional.of("*.example.com"),
                SubjectMatcher.matchHost(cert("CN=x", b -> b.dns("a.test", "*.example.com")), "www.example.com"));
    }

    @Test
    void ip_addresses_match_byte_for_byte_in_v4_and_v6() {
        X509Certificate c = cert("CN=x", b -> b.ip("192.0.2.1", "2001:db8::1", "::ffff:198.51.100.7"));
        assertTrue(SubjectMatcher.matchIp(c, "192.0.2.1"));
        assertTrue(SubjectMatcher.matchIp(c, "2001:DB8:0:0::1"));
        assertTrue(SubjectMatcher.matchIp(c, "::ffff:198.51.100.7"));
        assertFalse(SubjectMatcher.matchIp(c, "198.51.100.7"), "an IPv4-mapped address is not the IPv4 address");
        assertFalse(SubjectMatcher.matchIp(c, "192.0.2.2"));
        assertFalse(SubjectMatcher.matchIp(c, "192.0.2"), "not an address");
        assertFalse(SubjectMatcher.matchIp(c, "localhost"), "no name resolution");
    }

    @Test
    void a_dns_san_holding_an_address_is_not_an_ip_match() {
        assertFalse(SubjectMatcher.matchIp(cert("CN=127.0.0.1", b -> b.dns("127.0.0.1")), "127.0.0.1"));
    }

    private static X509Certificate cert(String subject, java.util.function.UnaryOperator<TestCertBuilder> names) {
        var keys = TestKeys.cached(TestKeys.Algorithm.EC_P256, "subject-matcher");
        return names.apply(TestCertBuilder.subject(subject, keys, TestKeys.Algorithm.EC_P256)).build().cert();
    }
}
