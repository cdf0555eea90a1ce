package org.stunneljava.tls;

import java.util.Hashtable;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.crypto.TlsCertificate;

/**
 * Our own certificate chain and private key in the form Bouncy Castle's handshake consumes. Immutable and shared by
 * every connection of a service.
 */
public record LocalCredentials(TlsCertificate[] chain, AsymmetricKeyParameter key) {

    /**
     * The Certificate message body: TLS 1.2 has a plain list, TLS 1.3 a request context (empty from a server, the
     * CertificateRequest's from a client) and per-entry extensions.
     */
    public Certificate certificate(byte[] tls13RequestContext) {
        return certificate(tls13RequestContext, null);
    }

    /**
     * As {@link #certificate(byte[])}, with TLS 1.3 extensions for the leaf's entry (a stapled OCSP response goes
     * there, RFC 8446 section 4.4.2.1); ignored for TLS 1.2.
     */
    public Certificate certificate(byte[] tls13RequestContext, Hashtable<Integer, byte[]> leafExtensions) {
        if (tls13RequestContext == null) {
            return new Certificate(chain);
        }
        CertificateEntry[] entries = new CertificateEntry[chain.length];
        for (int i = 0; i < chain.length; i++) {
            entries[i] = new CertificateEntry(chain[i], i == 0 ? leafExtensions : null);
        }
        return new Certificate(tls13RequestContext, entries);
    }

    public enum KeyType { EC, RSA, ED25519, ED448 }

    public KeyType keyType() {
        return switch (key) {
            case ECPrivateKeyParameters ignored -> KeyType.EC;
            case RSAKeyParameters ignored -> KeyType.RSA;
            case Ed25519PrivateKeyParameters ignored -> KeyType.ED25519;
            case Ed448PrivateKeyParameters ignored -> KeyType.ED448;
            default -> throw new IllegalStateException("unsupported key type " + key.getClass().getSimpleName());
        };
    }

    /** Field size of an EC key, which decides the TLS 1.3 ECDSA scheme (P-256 pairs with SHA-256 only). */
    public int ecFieldBits() {
        return key instanceof ECPrivateKeyParameters ec ? ec.getParameters().getCurve().getFieldSize() : 0;
    }
}
