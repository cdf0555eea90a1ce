package org.stunneljava.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.util.encoders.Hex;

/**
 * Formats a distinguished name the way stunnel logs it: OpenSSL's {@code X509_NAME_print_ex} with
 * {@code XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_SPC_EQ}, e.g. {@code CN=Test Root CA, O=Example}.
 * RDNs in certificate order joined by ", ", multi-valued RDNs by " + ", OpenSSL's short attribute names, values
 * quoted when they hold , + &lt; &gt; ; (ESC_QUOTE), backslash before " and \, control bytes as \XX, and UTF-8
 * passed through. Stateless.
 */
public final class OneLineName {
    /** OpenSSL short names (crypto/objects/objects.txt) of the attributes seen in certificates. */
    private static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry("2.5.4.3", "CN"), Map.entry("2.5.4.6", "C"), Map.entry("2.5.4.7", "L"),
            Map.entry("2.5.4.8", "ST"), Map.entry("2.5.4.10", "O"), Map.entry("2.5.4.11", "OU"),
            Map.entry("2.5.4.9", "street"), Map.entry("2.5.4.4", "SN"), Map.entry("2.5.4.42", "GN"),
            Map.entry("2.5.4.5", "serialNumber"), Map.entry("2.5.4.12", "title"), Map.entry("2.5.4.43", "initials"),
            Map.entry("2.5.4.41", "name"), Map.entry("2.5.4.46", "dnQualifier"), Map.entry("2.5.4.65", "pseudonym"),
            Map.entry("2.5.4.44", "generationQualifier"), Map.entry("2.5.4.15", "businessCategory"),
            Map.entry("2.5.4.17", "postalCode"), Map.entry("2.5.4.13", "description"),
            Map.entry("2.5.4.97", "organizationIdentifier"), Map.entry("0.9.2342.19200300.100.1.25", "DC"),
            Map.entry("0.9.2342.19200300.100.1.1", "UID"), Map.entry("1.2.840.113549.1.9.1", "emailAddress"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"));

    private OneLineName() {
    }

    public static String format(X500Principal name) {
        return format(X500Name.getInstance(name.getEncoded()));
    }

    public static String format(X500Name name) {
        StringBuilder out = new StringBuilder();
        for (RDN rdn : name.getRDNs()) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            AttributeTypeAndValue[] avas = rdn.getTypesAndValues();
            for (int i = 0; i < avas.length; i++) {
                if (i > 0) {
                    out.append(" + ");
                }
                String oid = avas[i].getType().getId();
                out.append(SHORT_NAMES.getOrDefault(oid, oid)).append('=').append(value(avas[i].getValue()));
            }
        }
        return out.toString();
    }

    private static String value(ASN1Encodable value) {
        if (!(value instanceof ASN1String s)) {
            try {
                return "#" + Hex.toHexString(value.toASN1Primitive().getEncoded(ASN1Encoding.DER))
                        .toUpperCase(java.util.Locale.ROOT); // ASN1_STRFLGS_DUMP_UNKNOWN
            } catch (IOException e) {
                return "#";
            }
        }
        return escape(s.getString().getBytes(StandardCharsets.UTF_8));
    }

    /** OpenSSL's do_buf/do_esc_char over the UTF-8 bytes with ESC_2253 | ESC_QUOTE | ESC_CTRL. */
    private static String escape(byte[] utf8) {
        StringBuilder body = new StringBuilder();
        boolean quote = false;
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xff;
            boolean first = i == 0;
            boolean last = i == utf8.length - 1;
            if (b == '"' || b == '\\') {
                body.append('\\').append((char) b);
            } else if (b == ',' || b == '+' || b == '<' || b == '>' || b == ';'
                    || (first && (b == ' ' || b == '#')) || (last && b == ' ')) {
                quote = true; // ESC_QUOTE: quote the whole value instead of escaping
                body.append((char) b);
            } else if (b < 0x20 || b == 0x7f) {
                body.append(String.format("\\%02X", b));
            } else {
                body.append((char) b);
            }
        }
        String text = new String(latin1ToUtf8(body.toString()), StandardCharsets.UTF_8);
        return quote ? '"' + text + '"' : text;
    }

    /** The builder held one char per byte; turn it back into the original UTF-8 text. */
    private static byte[] latin1ToUtf8(String bytesAsChars) {
        return bytesAsChars.getBytes(StandardCharsets.ISO_8859_1);
    }
}
