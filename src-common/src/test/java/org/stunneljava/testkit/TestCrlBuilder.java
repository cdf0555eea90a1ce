package org.stunneljava.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues one X.509 v2 CRL with Bouncy Castle, as {@code openssl ca -gencrl} would: issuer name and authority key
 * identifier of the issuing CA, a CRL number, valid from one hour ago for seven days unless {@link #validity} says
 * otherwise. Odd CRLs for negative tests: {@link #signedWith} another key, an unhandled {@link #criticalExtension},
 * an issuing distribution point of another scope ({@link #scope}). Not thread-safe; one builder per CRL.
 */
public final class TestCrlBuilder {
    private static final AtomicLong NUMBER = new AtomicLong(1000);

    private final TestCertBuilder.Issued issuer;
    private final List<BigInteger> revoked = new ArrayList<>();
    private final List<Integer> reasons = new ArrayList<>();
    private Instant thisUpdate = Instant.now().minus(Duration.ofHours(1));
    private Instant nextUpdate = Instant.now().plus(Duration.ofDays(7));
    private KeyPair signingKeys;
    private boolean criticalExtension;
    private String scopeUri;

    private TestCrlBuilder(TestCertBuilder.Issued issuer) {
        this.issuer = issuer;
        this.signingKeys = issuer.keys();
    }

    public static TestCrlBuilder by(TestCertBuilder.Issued issuer) {
        return new TestCrlBuilder(issuer);
    }

    /** Lists the certificate as revoked (reason keyCompromise). */
    public TestCrlBuilder revoke(X509Certificate cert) {
        return revoke(cert, CRLReason.keyCompromise);
    }

    /** Lists the certificate with the given {@link CRLReason} code (removeFromCRL un-revokes it). */
    public TestCrlBuilder revoke(X509Certificate cert, int reason) {
        revoked.add(cert.getSerialNumber());
        reasons.add(reason);
        return this;
    }

    public TestCrlBuilder validity(Instant from, Instant until) {
        this.thisUpdate = from;
        this.nextUpdate = until;
        return this;
    }

    /** Signs with other keys than the issuer's: the signature does not verify. */
    public TestCrlBuilder signedWith(KeyPair keys) {
        this.signingKeys = keys;
        return this;
    }

    /** Adds a critical private extension OpenSSL does not know. */
    public TestCrlBuilder criticalExtension() {
        this.criticalExtension = true;
        return this;
    }

    /** Limits the CRL to the distribution point {@code uri} (an issuing distribution point extension). */
    public TestCrlBuilder scope(String uri) {
        this.scopeUri = uri;
        return this;
    }

    public X509CRL build() {
        try {
            X500Name name = X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
            X509v2CRLBuilder b = new X509v2CRLBuilder(name, Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (int i = 0; i < revoked.size(); i++) {
                b.addCRLEntry(revoked.get(i), Date.from(thisUpdate), reasons.get(i));
            }
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.cert()));
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(NUMBER.incrementAndGet())));
            if (criticalExtension) {
                b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1"), true, new DERUTF8String("x"));
            }
            if (scopeUri != null) {
                DistributionPointName point = new DistributionPointName(
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, scopeUri)));
                b.addExtension(Extension.issuingDistributionPoint, true,
                        new IssuingDistributionPoint(point, false, false, null, false, false));
            }
            var signer = new JcaContentSignerBuilder(issuer.algorithm().signatureAlgorithm())
                    .build(signingKeys.getPrivate());
            return new JcaX509CRLConverter().getCRL(b.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test CRL", e);
        }
    }
}
