package org.stunneljava.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The OCSP part of a test PKI, generated at test time on top of a {@link TestPki}'s root: an intermediate CA and
 * leaves whose AIA extension names one responder URL (so they must be made after the responder is listening), and
 * responder certificates. Files go into the {@link TestPki}'s directory with an {@code ocsp-} prefix. Trust stays
 * the root ({@link TestPki#caPem()}).
 *
 * <p>Leaves (each with the intermediate in its chain): {@link #server()} (CN=localhost, good),
 * {@link #revokedServer()}, {@link #unknownServer()} (a responder knows nothing of it), {@link #client()},
 * {@link #revokedClient()}. Responder certificates, issued by the intermediate: {@link #delegatedSigner()} (EKU
 * OCSPSigning) and {@link #notASigner()} (no such EKU); and {@link #rogueSigner()}, self-signed.
 */
public final class OcspPki {
    private final TestPki pki;
    private final String responderUrl;
    private final TestCertBuilder.Issued intermediate;
    private final Holder server;
    private final Holder revokedServer;
    private final Holder unknownServer;
    private final Holder client;
    private final Holder revokedClient;
    private final TestCertBuilder.Issued delegatedSigner;
    private final TestCertBuilder.Issued notASigner;
    private final TestCertBuilder.Issued rogueSigner;

    /** A certificate holder's files: {@code pem} = leaf, intermediate and key; {@code chainPem} without the key. */
    public record Holder(String name, Path pem, Path chainPem, Path certPem, Path keyPem,
                         List<X509Certificate> chain, PrivateKey key) {
        public X509Certificate cert() {
            return chain.getFirst();
        }
    }

    private OcspPki(TestPki pki, String responderUrl) throws IOException {
        this.pki = pki;
        this.responderUrl = responderUrl;
        TestKeys.Algorithm alg = pki.algorithm();
        intermediate = TestCertBuilder.subject("CN=OCSP Test Intermediate CA, O=stunnel-java tests",
                TestKeys.cached(alg, "ocsp-intermediate"), alg).ca(0).ocspResponder(responderUrl)
                .issuedBy(pki.rootIssuer()).build();
        server = leaf("server", "CN=localhost", true);
        revokedServer = leaf("revoked-server", "CN=localhost, OU=revoked", true);
        unknownServer = leaf("unknown-server", "CN=localhost, OU=unknown", true);
        client = leaf("client", "CN=client", false);
        revokedClient = leaf("revoked-client", "CN=client, OU=revoked", false);
        delegatedSigner = TestCertBuilder.subject("CN=OCSP Signer", TestKeys.cached(alg, "ocsp-signer"), alg)
                .keyUsage(KeyUsage.digitalSignature).ocspSigning().issuedBy(intermediate).build();
        notASigner = TestCertBuilder.subject("CN=Not An OCSP Signer", TestKeys.cached(alg, "ocsp-nonsigner"), alg)
                .keyUsage(KeyUsage.digitalSignature).issuedBy(intermediate).build();
        rogueSigner = TestCertBuilder.subject("CN=Rogue OCSP Signer", TestKeys.cached(alg, "ocsp-rogue"), alg)
                .ocspSigning().build();
    }

    /** Leaves naming {@code responderUrl} in their AIA, under {@code pki}'s root. */
    public static OcspPki create(TestPki pki, String responderUrl) throws IOException {
        return new OcspPki(pki, responderUrl);
    }

    /** The OCSP PKI whose AIA names {@code responder}, which is {@link #configure configured} to answer for it. */
    public static OcspPki answeredBy(TestPki pki, OcspResponder responder) throws IOException {
        OcspPki ocsp = create(pki, responder.url());
        ocsp.configure(responder);
        return ocsp;
    }

    /**
     * A responder that knows this PKI: both CAs sign for their own certificates; the good leaves and the
     * intermediate are good, the revoked leaves revoked, {@link #unknownServer()} unknown.
     */
    public OcspResponder configure(OcspResponder responder) {
        return responder.authority(pki.rootIssuer()).authority(intermediate)
                .good(intermediate.cert()).good(server.cert()).good(client.cert())
                .revoked(revokedServer.cert()).revoked(revokedClient.cert());
    }

    public String responderUrl() {
        return responderUrl;
    }

    public TestPki base() {
        return pki;
    }

    public TestCertBuilder.Issued intermediate() {
        return intermediate;
    }

    public Holder server() {
        return server;
    }

    public Holder revokedServer() {
        return revokedServer;
    }

    public Holder unknownServer() {
        return unknownServer;
    }

    public Holder client() {
        return client;
    }

    public Holder revokedClient() {
        return revokedClient;
    }

    public TestCertBuilder.Issued delegatedSigner() {
        return delegatedSigner;
    }

    public TestCertBuilder.Issued notASigner() {
        return notASigner;
    }

    /** Self-signed, trusted by nobody. */
    public TestCertBuilder.Issued rogueSigner() {
        return rogueSigner;
    }

    private Holder leaf(String name, String subject, boolean server) throws IOException {
        TestKeys.Algorithm alg = pki.algorithm();
        TestCertBuilder b = TestCertBuilder.subject(subject, TestKeys.cached(alg, "ocsp-" + name), alg)
                .keyUsage(alg == TestKeys.Algorithm.RSA_2048
                        ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature)
                .ocspResponder(responderUrl);
        b = server ? b.serverAuth().dns("localhost").ip("127.0.0.1", "::1") : b.clientAuth();
        TestCertBuilder.Issued leaf = b.issuedBy(intermediate).build();
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf.cert(), intermediate.cert()));
        Path dir = pki.dir();
        String chainText = PemFiles.certs(chain);
        String key = PemFiles.pkcs8(leaf.keys().getPrivate());
        return new Holder(name,
                PemFiles.writeSecret(dir.resolve("ocsp-" + name + ".pem"), chainText, key),
                PemFiles.write(dir.resolve("ocsp-" + name + "-chain.pem"), chainText),
                PemFiles.write(dir.resolve("ocsp-" + name + ".crt"), PemFiles.certs(List.of(leaf.cert()))),
                PemFiles.writeSecret(dir.resolve("ocsp-" + name + "-key.pem"), key),
                List.copyOf(chain), leaf.keys().getPrivate());
    }
}
