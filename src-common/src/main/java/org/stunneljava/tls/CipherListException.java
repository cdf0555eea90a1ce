package org.stunneljava.tls;

/**
 * A {@code ciphers}, {@code ciphersuites} or {@code curves} value OpenSSL would refuse. {@link #openssl()} is the
 * reason OpenSSL puts in its error queue (stunnel prints it after the failing call's name); {@link #getMessage()}
 * says what in the value is wrong.
 */
public final class CipherListException extends Exception {
    private final String openssl;

    private CipherListException(String openssl, String detail) {
        super(detail, null, false, false);
        this.openssl = openssl;
    }

    static CipherListException noMatch(String detail) {
        return new CipherListException("error:0A0000B9:SSL routines::no cipher match", detail);
    }

    static CipherListException invalidCommand(String detail) {
        return new CipherListException("error:0A000118:SSL routines::invalid command", detail);
    }

    static CipherListException group(String detail) {
        return new CipherListException(null, detail);
    }

    /** OpenSSL's {@code error:...} text, or null where stunnel prints a line of its own (curves). */
    public String openssl() {
        return openssl;
    }
}
