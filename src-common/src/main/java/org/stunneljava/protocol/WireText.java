package org.stunneljava.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Text from stunnel.conf as the bytes stunnel puts on the wire. The configuration is read as UTF-8, while
 * {@link LineChannel} writes one byte per character (ISO-8859-1, so a line received is relayed byte for byte); a
 * {@code protocolHost} with non-ASCII characters goes out as the file's UTF-8 bytes, as stunnel sends it.
 */
final class WireText {
    private WireText() {
    }

    static String of(String configValue) {
        return new String(configValue.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The same bytes, for base64 encoding. */
    static byte[] bytes(String configValue) {
        return configValue.getBytes(StandardCharsets.UTF_8);
    }
}
