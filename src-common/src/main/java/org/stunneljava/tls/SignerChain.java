package org.stunneljava.tls;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies the certificate that signed an OCSP response, as OpenSSL's {@code ocsp_verify_signer} does: a full
 * {@code X509_verify_cert} against the service's trust store with purpose {@code OCSP_HELPER} (issuers must be
 * CAs; the signer itself is judged by the OCSP rules afterwards), any error fatal. Stateless.
 */
public final class SignerChain {
    private SignerChain() {
    }

    /**
     * @param chain the chain built from the signer to a trust anchor (signer first); on failure as far as built
     * @param error {@link X509Error#OK}, or why the signer's certificate did not verify
     */
    public record Result(List<X509Certificate> chain, X509Error error) {
        public Result {
            chain = List.copyOf(chain);
        }

        public boolean verified() {
            return error == X509Error.OK;
        }
    }

    /**
     * @param untrusted certificates that may serve as intermediates (the response's and the peer's), in the order
     *                  OpenSSL searches them
     */
    public static Result verify(X509Certificate signer, List<X509Certificate> untrusted, TrustStore trust,
                                Instant now) {
        List<X509Certificate> input = new ArrayList<>();
        input.add(signer);
        input.addAll(untrusted);
        ChainValidation run = new ChainValidation(input, trust, PeerRole.OCSP_SIGNER, now, RevocationCheck.NONE,
                (ok, depth, cert, ctx) -> ok);
        boolean ok = run.run();
        return new Result(run.chain(), ok ? X509Error.OK : run.error());
    }
}
