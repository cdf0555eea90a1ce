package org.stunneljava.tls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;

/** A throw-away self-signed ECDSA P-256 identity for protocol-level tests that need no PKI. */
final class QuickCredentials {
    private QuickCredentials() {
    }

    static LocalCredentials create(TlsCrypto crypto) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = gen.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        long now = System.currentTimeMillis();
        X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                new Date(now - 60_000), new Date(now + 86_400_000), name, kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
        TlsCertificate cert = crypto.createCertificate(holder.getEncoded());
        return new LocalCredentials(new TlsCertificate[]{cert},
                PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()));
    }
}
