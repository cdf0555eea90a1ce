package org.stunneljava.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * OpenSSL 3.0's {@code OPENSSL_hexstr2buf}, which stunnel uses for both the keys of a {@code PSKsecrets} file and
 * {@code ticketKeySecret}/{@code ticketMacSecret}: at least two characters; pairs of hex digits in either case; a
 * colon where a pair would start is skipped (so {@code 01:ab}, {@code ::} and {@code :0102} decode, to 2, 0 and
 * 2 bytes), anything else (an odd digit, a space, a non-ASCII character) makes the whole string not hex.
 */
final class OpenSslHex {
    private OpenSslHex() {
    }

    /** @return the decoded bytes, or null when the text is not hex by OpenSSL's rules */
    static byte[] decode(String text) {
        return decode(text.getBytes(StandardCharsets.UTF_8)); // non-ASCII bytes are negative: never hex digits
    }

    /** @return the decoded bytes, or null when the text is not hex by OpenSSL's rules */
    static byte[] decode(byte[] text) {
        if (text.length <= 1) {
            return null; // OpenSSL: "hex string too short"
        }
        byte[] out = new byte[text.length / 2];
        int n = 0;
        int i = 0;
        while (i < text.length) {
            byte high = text[i++];
            if (high == ':') {
                continue;
            }
            if (i == text.length) {
                return null; // odd number of digits
            }
            int hi = Character.digit(high, 16);
            int lo = Character.digit(text[i++], 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[n++] = (byte) (hi << 4 | lo);
        }
        return Arrays.copyOf(out, n);
    }
}
