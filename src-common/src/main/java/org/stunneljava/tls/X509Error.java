package org.stunneljava.tls;

import org.bouncycastle.tls.AlertDescription;

/**
 * The certificate verification errors stunnel can report, with OpenSSL 3.0's numbers, its
 * {@code X509_verify_cert_error_string} texts (stunnel logs them verbatim after {@code CERT: Pre-verification
 * error:}) and the TLS alert OpenSSL sends for each ({@code ssl_x509err2alert} in ssl/statem/statem_lib.c).
 * Every text was checked against the installed libcrypto 3.0; the alerts for expired, self-signed, unknown
 * issuer, wrong purpose, pin miss and subject-check failure were observed on the wire from stunnel 5.68, and so
 * were those for a revoked certificate, a missing, expired, not yet valid and badly signed CRL. Errors the table
 * does not name get certificate_unknown, as in OpenSSL.
 */
public enum X509Error {
    OK(0, "ok", AlertDescription.certificate_unknown),
    /** Set when a callback rejected without naming an error, e.g. stunnel's failed subject checks. */
    UNSPECIFIED(1, "unspecified certificate verification error", AlertDescription.internal_error),
    UNABLE_TO_GET_ISSUER_CERT(2, "unable to get issuer certificate", AlertDescription.unknown_ca),
    UNABLE_TO_GET_CRL(3, "unable to get certificate CRL", AlertDescription.unknown_ca),
    UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY(6, "unable to decode issuer public key", AlertDescription.bad_certificate),
    CERT_SIGNATURE_FAILURE(7, "certificate signature failure", AlertDescription.decrypt_error),
    CRL_SIGNATURE_FAILURE(8, "CRL signature failure", AlertDescription.decrypt_error),
    CERT_NOT_YET_VALID(9, "certificate is not yet valid", AlertDescription.bad_certificate),
    CERT_HAS_EXPIRED(10, "certificate has expired", AlertDescription.certificate_expired),
    CRL_NOT_YET_VALID(11, "CRL is not yet valid", AlertDescription.bad_certificate),
    CRL_HAS_EXPIRED(12, "CRL has expired", AlertDescription.certificate_expired),
    DEPTH_ZERO_SELF_SIGNED_CERT(18, "self-signed certificate", AlertDescription.unknown_ca),
    SELF_SIGNED_CERT_IN_CHAIN(19, "self-signed certificate in certificate chain", AlertDescription.unknown_ca),
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY(20, "unable to get local issuer certificate", AlertDescription.unknown_ca),
    UNABLE_TO_VERIFY_LEAF_SIGNATURE(21, "unable to verify the first certificate", AlertDescription.unknown_ca),
    CERT_CHAIN_TOO_LONG(22, "certificate chain too long", AlertDescription.unknown_ca),
    CERT_REVOKED(23, "certificate revoked", AlertDescription.certificate_revoked),
    INVALID_CA(24, "invalid CA certificate", AlertDescription.unknown_ca),
    PATH_LENGTH_EXCEEDED(25, "path length constraint exceeded", AlertDescription.unknown_ca),
    INVALID_PURPOSE(26, "unsuitable certificate purpose", AlertDescription.unsupported_certificate),
    CERT_UNTRUSTED(27, "certificate not trusted", AlertDescription.bad_certificate),
    /** stunnel sets this when a {@code verifyPeer} pin is missing. */
    CERT_REJECTED(28, "certificate rejected", AlertDescription.bad_certificate),
    UNABLE_TO_GET_CRL_ISSUER(33, "unable to get CRL issuer certificate", AlertDescription.certificate_unknown),
    UNHANDLED_CRITICAL_EXTENSION(34, "unhandled critical extension", AlertDescription.bad_certificate),
    KEYUSAGE_NO_CRL_SIGN(35, "key usage does not include CRL signing", AlertDescription.certificate_unknown),
    UNHANDLED_CRITICAL_CRL_EXTENSION(36, "unhandled critical CRL extension", AlertDescription.certificate_unknown),
    DIFFERENT_CRL_SCOPE(44, "different CRL scope", AlertDescription.certificate_unknown),
    /** stunnel sets this when OCSP rejects a certificate for any reason but revocation. */
    APPLICATION_VERIFICATION(50, "application verification failure", AlertDescription.handshake_failure);

    private final int code;
    private final String text;
    private final short alert;

    X509Error(int code, String text, short alert) {
        this.code = code;
        this.text = text;
        this.alert = alert;
    }

    /** OpenSSL's {@code X509_V_ERR_*} number. */
    public int code() {
        return code;
    }

    /** OpenSSL's text for the error, as stunnel logs it. */
    public String text() {
        return text;
    }

    /** The {@link AlertDescription} OpenSSL sends when verification fails with this error. */
    public short alert() {
        return alert;
    }
}
