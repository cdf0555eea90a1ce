package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.testkit.OpenSsl;
import org.stunneljava.testkit.PemFiles;
import org.stunneljava.testkit.TestKeys;

/**
 * The canonical name encoding and its hash against the installed openssl: {@code openssl x509 -hash} prints the
 * subject hash that {@code openssl rehash} names CApath files by, for names of every string type OpenSSL folds
 * (and one it does not), with odd case and white space, and with a multi-valued RDN.
 */
class CanonicalNameTest {
    @TempDir
    static Path dir;
    static KeyPair keys;

    @BeforeAll
    static void keys() {
        keys = TestKeys.cached(TestKeys.Algorithm.EC_P256, "canonical-name");
    }

    record Case(String label, X500Name name) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Case> names() {
        return Stream.of(
                new Case("printable CN", name(ava(BCStyle.CN, new DERPrintableString("Test Root CA")))),
                new Case("UTF8 with case and spaces", name(ava(BCStyle.O, new DERUTF8String("  stunnel-JAVA   Tests ")),
                        ava(BCStyle.CN, new DERUTF8String("Mixed\tCase\n\nName")))),
                new Case("non-ASCII UTF8 keeps its case", name(ava(BCStyle.CN, new DERUTF8String("ÄÖÜ Straße ÉTÉ")))),
                new Case("IA5 e-mail", name(ava(BCStyle.CN, new DERPrintableString("x")),
                        ava(BCStyle.EmailAddress, new DERIA5String("Bob@Example.COM")))),
                new Case("T61 as Latin-1", name(ava(BCStyle.CN, new DERT61String("Caf\u00e9 T61")))),
                new Case("BMP", name(ava(BCStyle.CN, new DERBMPString("BMP Name \u20ac")))),
                new Case("universal", name(ava(BCStyle.CN, new DERUniversalString(utf32("Universal \uD83D\uDE00"))))),
                new Case("numeric is not folded", name(ava(BCStyle.SERIALNUMBER, new DERNumericString("12 34")))),
                new Case("only white space", name(ava(BCStyle.CN, new DERUTF8String("   ")))),
                new Case("multi-valued RDN", new X500Name(new RDN[] {
                        new RDN(new AttributeTypeAndValue[] {
                                new AttributeTypeAndValue(BCStyle.OU, new DERUTF8String("Zeta Unit")),
                                new AttributeTypeAndValue(BCStyle.CN, new DERPrintableString("Alpha"))}),
                        new RDN(BCStyle.C, new DERPrintableString("DE"))})),
                new Case("long name over 127 bytes", name(ava(BCStyle.CN, new DERUTF8String("n".repeat(200))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void hashIsWhatOpensslRehashNamesTheFileBy(Case c) throws Exception {
        OpenSsl.assumeInstalled();
        X509Certificate cert = selfSigned(c.name());
        Path pem = PemFiles.write(dir.resolve(c.label().replace(' ', '_') + ".pem"), PemFiles.certs(List.of(cert)));
        OpenSsl.Result r = OpenSsl.run("x509", "-hash", "-noout", "-in", pem.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(r.output().strip(), CanonicalName.of(cert.getSubjectX500Principal()).hash());
    }

    @Test
    void namesDifferingOnlyInCaseSpacingOrStringTypeAreTheSame() {
        CanonicalName a = CanonicalName.of(name(ava(BCStyle.CN, new DERPrintableString("Test  Root CA"))));
        CanonicalName b = CanonicalName.of(name(ava(BCStyle.CN, new DERUTF8String(" test root ca"))));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(0, a.compareTo(b));
        assertNotEquals(a, CanonicalName.of(name(ava(BCStyle.CN, new DERUTF8String("test root ca2")))));
    }

    @Test
    void orderIsShorterEncodingFirstThenBytesAsX509NameCmp() {
        CanonicalName mid = CanonicalName.of(new X500Principal("CN=Mid"));
        CanonicalName zeta = CanonicalName.of(new X500Principal("CN=Zeta"));
        CanonicalName alpha = CanonicalName.of(new X500Principal("CN=Alpha"));
        CanonicalName beta = CanonicalName.of(new X500Principal("CN=Beta"));
        assertTrue(mid.compareTo(zeta) < 0);
        assertTrue(zeta.compareTo(alpha) < 0);
        assertTrue(beta.compareTo(zeta) < 0);
    }

    private static AttributeTypeAndValue ava(org.bouncycastle.asn1.ASN1ObjectIdentifier type, ASN1Encodable v) {
        return new AttributeTypeAndValue(type, v);
    }

    private static X500Name name(AttributeTypeAndValue... avas) {
        return new X500Name(Stream.of(avas).map(RDN::new).toArray(RDN[]::new));
    }

    private static byte[] utf32(String s) {
        return s.getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
    }

    private static X509Certificate selfSigned(X500Name name) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
