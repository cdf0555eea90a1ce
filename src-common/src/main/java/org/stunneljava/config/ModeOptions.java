package org.stunneljava.config;

/**
 * What a section is and presents: {@code client}, {@code cert}, {@code key} and {@code sni}, kept as written; the
 * end-of-section rules that use them live in {@link ServiceOptions}, in stunnel's order.
 */
final class ModeOptions {
    private boolean client;  // no: accept TLS, connect in plaintext
    private String cert;     // none (a server then fails: "TLS server needs a certificate")
    private String key;      // none: the key is read from the cert file
    private String sni;      // none: a client sends the host of its first connect; a server is no virtual host

    ModeOptions copy() {
        ModeOptions c = new ModeOptions();
        c.client = client;
        c.cert = cert;
        c.key = key;
        c.sni = sni;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "client" -> client = Values.yesNo(value);
            case "cert" -> cert = value;
            case "key" -> key = value;
            case "sni" -> sni = value;
            default -> {
                return false;
            }
        }
        return true;
    }

    boolean client() {
        return client;
    }

    String cert() {
        return cert;
    }

    /** stunnel's default: the key is in the cert file. */
    String key() {
        return key != null ? key : cert;
    }

    String sni() {
        return sni;
    }
}
