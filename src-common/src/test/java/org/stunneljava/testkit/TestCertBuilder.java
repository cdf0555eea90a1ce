package org.stunneljava.testkit;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues one X.509 v3 certificate with Bouncy Castle, for tests that need a certificate {@link TestPki} does not
 * make (wildcards, CN-only names, odd key usages). Defaults: valid from one hour ago for 30 days, end-entity,
 * self-signed unless {@link #issuedBy} is called. Not thread-safe; use one builder per certificate.
 */
public final class TestCertBuilder {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final X500Name subject;
    private final KeyPair keys;
    private final TestKeys.Algorithm algorithm;
    private Issued issuer;
    private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    private Instant notAfter = Instant.now().plus(Duration.ofDays(30));
    private Integer caPathLen;
    private boolean ca;
    private Integer keyUsage;
    private final List<KeyPurposeId> extendedKeyUsages = new ArrayList<>();
    private final List<GeneralName> altNames = new ArrayList<>();
    private final List<String> ocspResponders = new ArrayList<>();

    /** A certificate and the key pair it certifies. */
    public record Issued(X509Certificate cert, KeyPair keys, TestKeys.Algorithm algorithm) {
    }

    private TestCertBuilder(String subjectDn, KeyPair keys, TestKeys.Algorithm algorithm) {
        this.subject = new X500Name(subjectDn);
        this.keys = keys;
        this.algorithm = algorithm;
    }

    /** Starts a certificate for {@code subjectDn} in RFC 4514 order as written, e.g. {@code "CN=localhost"}. */
    public static TestCertBuilder subject(String subjectDn, KeyPair keys, TestKeys.Algorithm algorithm) {
        return new TestCertBuilder(subjectDn, keys, algorithm);
    }

    public TestCertBuilder issuedBy(Issued issuer) {
        this.issuer = issuer;
        return this;
    }

    public TestCertBuilder validity(Instant from, Instant to) {
        this.notBefore = from;
        this.notAfter = to;
        return this;
    }

    /** Makes a CA certificate; {@code pathLen} null means unlimited. */
    public TestCertBuilder ca(Integer pathLen) {
        this.ca = true;
        this.caPathLen = pathLen;
        return this;
    }

    /** Sets the key usage bits ({@link KeyUsage} constants); without a call, CAs get keyCertSign|cRLSign. */
    public TestCertBuilder keyUsage(int bits) {
        this.keyUsage = bits;
        return this;
    }

    /** Adds the extended key usage extension with serverAuth. */
    public TestCertBuilder serverAuth() {
        extendedKeyUsages.add(KeyPurposeId.id_kp_serverAuth);
        return this;
    }

    /** Adds the extended key usage extension with clientAuth. */
    public TestCertBuilder clientAuth() {
        extendedKeyUsages.add(KeyPurposeId.id_kp_clientAuth);
        return this;
    }

    /** Adds an OCSP responder URL to the authority information access extension (repeatable). */
    public TestCertBuilder ocspResponder(String url) {
        ocspResponders.add(url);
        return this;
    }

    /** Adds the extended key usage extension with OCSPSigning: a responder its issuer delegated to. */
    public TestCertBuilder ocspSigning() {
        extendedKeyUsages.add(KeyPurposeId.id_kp_OCSPSigning);
        return this;
    }

    public TestCertBuilder dns(String... names) {
        for (String n : names) {
            altNames.add(new GeneralName(GeneralName.dNSName, n));
        }
        return this;
    }

    /** Adds IP address SANs; literals only (no DNS lookups happen). */
    public TestCertBuilder ip(String... addresses) {
        for (String a : addresses) {
            byte[] raw = InetAddress.ofLiteral(a).getAddress();
            if (a.indexOf(':') >= 0 && raw.length == 4) {
                // The JDK folds ::ffff:a.b.c.d to IPv4; a certificate keeps the 16 bytes as written.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(raw, 0, mapped, 12, 4);
                raw = mapped;
            }
            altNames.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(raw)));
        }
        return this;
    }

    public TestCertBuilder email(String... addresses) {
        for (String a : addresses) {
            altNames.add(new GeneralName(GeneralName.rfc822Name, a));
        }
        return this;
    }

    /** Adds an otherName SAN holding a UTF8String (e.g. RFC 8398's SmtpUTF8Mailbox, 1.3.6.1.5.5.7.8.9). */
    public TestCertBuilder otherName(String oid, String utf8Value) {
        altNames.add(new GeneralName(GeneralName.otherName, new org.bouncycastle.asn1.x509.OtherName(
                new org.bouncycastle.asn1.ASN1ObjectIdentifier(oid), new org.bouncycastle.asn1.DERUTF8String(utf8Value))));
        return this;
    }

    public Issued build() {
        try {
            X500Name issuerName = issuer == null ? subject : X500Name.getInstance(
                    issuer.cert().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                    subject, keys.getPublic());
            addExtensions(b);
            TestKeys.Algorithm signer = issuer == null ? algorithm : issuer.algorithm();
            var signingKey = issuer == null ? keys.getPrivate() : issuer.keys().getPrivate();
            var contentSigner = new JcaContentSignerBuilder(signer.signatureAlgorithm()).build(signingKey);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(contentSigner));
            return new Issued(cert, keys, algorithm);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate for " + subject, e);
        }
    }

    private void addExtensions(X509v3CertificateBuilder b) throws Exception {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        PublicKey issuerKey = issuer == null ? keys.getPublic() : issuer.keys().getPublic();
        b.addExtension(Extension.basicConstraints, true,
                ca ? (caPathLen == null ? new BasicConstraints(true) : new BasicConstraints(caPathLen))
                        : new BasicConstraints(false));
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
        Integer usage = keyUsage != null ? keyUsage : ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : null;
        if (usage != null) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        }
        if (!extendedKeyUsages.isEmpty()) {
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(extendedKeyUsages.toArray(KeyPurposeId[]::new)));
        }
        if (!altNames.isEmpty()) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(altNames.toArray(GeneralName[]::new)));
        }
        if (!ocspResponders.isEmpty()) {
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                    ocspResponders.stream().map(url -> new AccessDescription(AccessDescription.id_ad_ocsp,
                            new GeneralName(GeneralName.uniformResourceIdentifier, url)))
                            .toArray(AccessDescription[]::new)));
        }
    }
}
