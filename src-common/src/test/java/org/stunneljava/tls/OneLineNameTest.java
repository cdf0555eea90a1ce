package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.testkit.OpenSsl;
import org.stunneljava.testkit.PemFiles;
import org.stunneljava.testkit.TestCertBuilder;
import org.stunneljava.testkit.TestKeys;

@DisplayName("Subjects are printed as stunnel prints them (OpenSSL one-line form)")
class OneLineNameTest {
    @Test
    void rdns_keep_certificate_order_with_short_names() {
        assertEquals("CN=Test Root CA, O=stunnel-java tests",
                OneLineName.format(new X500Name("CN=Test Root CA, O=stunnel-java tests")));
        assertEquals("C=DE, ST=Berlin, L=Berlin, O=Example, OU=Ops, CN=host, emailAddress=a@b.example",
                OneLineName.format(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "DE")
                        .addRDN(BCStyle.ST, "Berlin").addRDN(BCStyle.L, "Berlin").addRDN(BCStyle.O, "Example")
                        .addRDN(BCStyle.OU, "Ops").addRDN(BCStyle.CN, "host")
                        .addRDN(BCStyle.EmailAddress, "a@b.example").build()));
    }

    /** Each subject is put in a certificate and printed by openssl with stunnel's flags. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"O=Foo\\, Inc., CN=x", "CN=a\\+b", "CN=quote\\\"d", "CN=back\\\\slash", "CN=\\#hash",
            "CN=semi\\;colon", "CN=l\u00e4nder", "CN=a + OU=b", "DC=example, DC=com, UID=u1"})
    void special_characters_agree_with_openssl(String dn, @TempDir Path dir) throws Exception {
        OpenSsl.assumeInstalled();
        var keys = TestKeys.cached(TestKeys.Algorithm.EC_P256, "one-line-name");
        var cert = TestCertBuilder.subject(dn, keys, TestKeys.Algorithm.EC_P256).build().cert();
        Path file = PemFiles.write(dir.resolve("c.pem"), PemFiles.certs(List.of(cert)));
        var r = OpenSsl.run("x509", "-in", file.toString(), "-noout", "-subject", "-nameopt",
                "oneline,-esc_msb,-space_eq");
        String expected = r.output().strip().replaceFirst("^subject=", "");
        assertEquals(expected, OneLineName.format(cert.getSubjectX500Principal()));
    }
}
