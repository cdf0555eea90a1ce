package org.stunneljava.tls.ocsp;

/** A certificate's status as one response states it, with OpenSSL's {@code OCSP_cert_status_str} texts. */
enum OcspStatus {
    GOOD("good"), REVOKED("revoked"), UNKNOWN("unknown");

    private final String text;

    OcspStatus(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }
}
