package org.stunneljava.tls;

import java.util.Map;

import org.bouncycastle.tls.AlertDescription;

/**
 * OpenSSL's reason text for a fatal alert received from the peer (the SSL_R_*_ALERT_* strings of libssl 3.0), the
 * words stunnel logs after {@code SSL_connect:}, {@code SSL_accept:} or {@code SSL_read:}: alerts SSLv3 defined
 * read {@code sslv3 alert ...}, TLS 1.0's {@code tlsv1 alert ...}, TLS 1.3's {@code tlsv13 alert ...}, and the
 * extension alerts of RFC 6066 have names of their own. Stateless.
 */
public final class OpenSslAlerts {
    private static final Map<Short, String> REASONS = Map.ofEntries(
            Map.entry(AlertDescription.unexpected_message, "sslv3 alert unexpected message"),
            Map.entry(AlertDescription.bad_record_mac, "sslv3 alert bad record mac"),
            Map.entry(AlertDescription.decryption_failed, "tlsv1 alert decryption failed"),
            Map.entry(AlertDescription.record_overflow, "tlsv1 alert record overflow"),
            Map.entry(AlertDescription.decompression_failure, "sslv3 alert decompression failure"),
            Map.entry(AlertDescription.handshake_failure, "sslv3 alert handshake failure"),
            Map.entry(AlertDescription.no_certificate, "sslv3 alert no certificate"),
            Map.entry(AlertDescription.bad_certificate, "sslv3 alert bad certificate"),
            Map.entry(AlertDescription.unsupported_certificate, "sslv3 alert unsupported certificate"),
            Map.entry(AlertDescription.certificate_revoked, "sslv3 alert certificate revoked"),
            Map.entry(AlertDescription.certificate_expired, "sslv3 alert certificate expired"),
            Map.entry(AlertDescription.certificate_unknown, "sslv3 alert certificate unknown"),
            Map.entry(AlertDescription.illegal_parameter, "sslv3 alert illegal parameter"),
            Map.entry(AlertDescription.unknown_ca, "tlsv1 alert unknown ca"),
            Map.entry(AlertDescription.access_denied, "tlsv1 alert access denied"),
            Map.entry(AlertDescription.decode_error, "tlsv1 alert decode error"),
            Map.entry(AlertDescription.decrypt_error, "tlsv1 alert decrypt error"),
            Map.entry(AlertDescription.export_restriction, "tlsv1 alert export restriction"),
            Map.entry(AlertDescription.protocol_version, "tlsv1 alert protocol version"),
            Map.entry(AlertDescription.insufficient_security, "tlsv1 alert insufficient security"),
            Map.entry(AlertDescription.internal_error, "tlsv1 alert internal error"),
            Map.entry(AlertDescription.inappropriate_fallback, "tlsv1 alert inappropriate fallback"),
            Map.entry(AlertDescription.user_canceled, "tlsv1 alert user cancelled"),
            Map.entry(AlertDescription.no_renegotiation, "tlsv1 alert no renegotiation"),
            Map.entry(AlertDescription.missing_extension, "tlsv13 alert missing extension"),
            Map.entry(AlertDescription.unsupported_extension, "tlsv1 unsupported extension"),
            Map.entry(AlertDescription.certificate_unobtainable, "tlsv1 certificate unobtainable"),
            Map.entry(AlertDescription.unrecognized_name, "tlsv1 unrecognized name"),
            Map.entry(AlertDescription.bad_certificate_status_response, "tlsv1 bad certificate status response"),
            Map.entry(AlertDescription.bad_certificate_hash_value, "tlsv1 bad certificate hash value"),
            Map.entry(AlertDescription.unknown_psk_identity, "tlsv1 alert unknown psk identity"),
            Map.entry(AlertDescription.certificate_required, "tlsv13 alert certificate required"),
            Map.entry(AlertDescription.no_application_protocol, "tlsv1 alert no application protocol"));

    private OpenSslAlerts() {
    }

    /** The reason OpenSSL gives for a received fatal alert, e.g. {@code sslv3 alert certificate revoked}. */
    public static String received(short description) {
        String known = REASONS.get(description);
        return known != null ? known : "reason(" + (1000 + description) + ")"; // what OpenSSL prints without a text
    }
}
