package org.stunneljava.tls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedDecryptor;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedDecryptor;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Picks the signature scheme our key signs the handshake with: the first of our preferences (by key type) that the
 * peer offered, as OpenSSL does. Bouncy Castle leaves this choice to the application.
 */
final class Signers {
    private Signers() {
    }

    /**
     * @param tls13RequestContext the certificate_request_context for a TLS 1.3 client certificate; ignored
     *                            otherwise (a TLS 1.3 server's is empty)
     */
    static TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto, LocalCredentials credentials,
                                        Vector<?> peerSchemes, byte[] tls13RequestContext) throws IOException {
        return signer(context, crypto, credentials, peerSchemes, tls13RequestContext, null);
    }

    /** @param leafExtensions TLS 1.3 extensions of our leaf's CertificateEntry (a stapled OCSP response), or null */
    static TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto, LocalCredentials credentials,
                                        Vector<?> peerSchemes, byte[] tls13RequestContext,
                                        Hashtable<Integer, byte[]> leafExtensions) throws IOException {
        boolean tls13 = TlsUtils.isTLSv13(context);
        if (!TlsUtils.isSignatureAlgorithmsExtensionAllowed(context.getServerVersion())) {
            // TLS 1.0/1.1 (securityLevel = 0 only) have no signature schemes: MD5+SHA-1 for RSA, SHA-1 for ECDSA
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, credentials.key(),
                    credentials.certificate(null), null);
        }
        byte[] requestContext = !tls13 ? null : tls13RequestContext == null ? TlsUtils.EMPTY_BYTES : tls13RequestContext;
        for (int scheme : preferences(credentials, tls13)) {
            SignatureAndHashAlgorithm alg = SignatureScheme.getSignatureAndHashAlgorithm(scheme);
            if (peerSchemes == null || peerSchemes.contains(alg)) {
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                        credentials.key(), credentials.certificate(requestContext, leafExtensions), alg);
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no signature scheme in common for our key");
    }

    /** RSA key transport (TLS 1.2 {@code kRSA} suites): the key decrypts the client's premaster secret. */
    static TlsCredentialedDecryptor decryptor(BcTlsCrypto crypto, LocalCredentials credentials) {
        return new BcDefaultTlsCredentialedDecryptor(crypto, credentials.certificate(null), credentials.key());
    }

    private static List<Integer> preferences(LocalCredentials credentials, boolean tls13) {
        return switch (credentials.keyType()) {
            case EC -> switch (credentials.ecFieldBits()) {
                case 384 -> ecdsa(tls13, SignatureScheme.ecdsa_secp384r1_sha384);
                case 521 -> ecdsa(tls13, SignatureScheme.ecdsa_secp521r1_sha512);
                default -> ecdsa(tls13, SignatureScheme.ecdsa_secp256r1_sha256);
            };
            case RSA -> tls13
                    ? List.of(SignatureScheme.rsa_pss_rsae_sha256, SignatureScheme.rsa_pss_rsae_sha384,
                            SignatureScheme.rsa_pss_rsae_sha512)
                    : List.of(SignatureScheme.rsa_pss_rsae_sha256, SignatureScheme.rsa_pkcs1_sha256,
                            SignatureScheme.rsa_pss_rsae_sha384, SignatureScheme.rsa_pkcs1_sha384,
                            SignatureScheme.rsa_pkcs1_sha512, SignatureScheme.rsa_pkcs1_sha1);
            case ED25519 -> List.of(SignatureScheme.ed25519);
            case ED448 -> List.of(SignatureScheme.ed448);
        };
    }

    /** TLS 1.3 binds the hash to the curve; TLS 1.2 allows any hash with any curve. */
    private static List<Integer> ecdsa(boolean tls13, int curveScheme) {
        return tls13 ? List.of(curveScheme)
                : List.of(curveScheme, SignatureScheme.ecdsa_secp256r1_sha256, SignatureScheme.ecdsa_secp384r1_sha384,
                        SignatureScheme.ecdsa_secp521r1_sha512, SignatureScheme.ecdsa_sha1);
    }
}
