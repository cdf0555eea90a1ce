package org.stunneljava.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1BMPString;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1T61String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.ASN1UniversalString;
import org.bouncycastle.asn1.ASN1VisibleString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A distinguished name in OpenSSL 3.0's canonical encoding ({@code x509_name_canon} in crypto/x509/x_name.c):
 * what OpenSSL compares names by ({@code X509_NAME_cmp}: length first, then bytes) and hashes for hashed
 * directories ({@code X509_NAME_hash_ex}: the first four bytes of its SHA-1, little-endian, printed as eight hex
 * digits; the names {@code openssl rehash} gives files in a {@code CApath} or {@code CRLpath}). Each RDN is encoded
 * as a DER SET of its attributes, without the outer SEQUENCE; string values of the common types become UTF8String,
 * trimmed, with inner white space collapsed to one space and ASCII letters lower-cased. Immutable; usable as a map
 * key.
 */
public final class CanonicalName implements Comparable<CanonicalName> {
    private final byte[] encoding;

    private CanonicalName(byte[] encoding) {
        this.encoding = encoding;
    }

    public static CanonicalName of(X500Principal name) {
        return of(X500Name.getInstance(name.getEncoded()));
    }

    public static CanonicalName of(X500Name name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (RDN rdn : name.getRDNs()) {
                out.write(derSet(rdn));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode a name attribute", e);
        }
        return new CanonicalName(out.toByteArray());
    }

    /** {@code X509_NAME_hash}: eight lower-case hex digits, e.g. {@code f18aecd7}. */
    public String hash() {
        try {
            byte[] md = MessageDigest.getInstance("SHA-1").digest(encoding);
            long h = (md[0] & 0xffL) | (md[1] & 0xffL) << 8 | (md[2] & 0xffL) << 16 | (md[3] & 0xffL) << 24;
            return String.format("%08x", h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** {@code X509_NAME_cmp}: shorter encodings first, then unsigned byte order. */
    @Override
    public int compareTo(CanonicalName o) {
        if (encoding.length != o.encoding.length) {
            return Integer.compare(encoding.length, o.encoding.length);
        }
        return Arrays.compareUnsigned(encoding, o.encoding);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CanonicalName c && Arrays.equals(encoding, c.encoding);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoding);
    }

    /** True when two names are the same name to OpenSSL (identical encodings are, without canonicalizing). */
    public static boolean same(X500Principal a, X500Principal b) {
        return Arrays.equals(a.getEncoded(), b.getEncoded()) || of(a).equals(of(b));
    }

    /** One RDN as a DER SET OF its canonical attributes (DER sorts the members by their encodings). */
    private static byte[] derSet(RDN rdn) throws IOException {
        List<byte[]> members = new ArrayList<>();
        for (AttributeTypeAndValue ava : rdn.getTypesAndValues()) {
            ByteArrayOutputStream seq = new ByteArrayOutputStream();
            seq.write(ava.getType().getEncoded(ASN1Encoding.DER));
            seq.write(canonicalValue(ava.getValue()));
            members.add(tlv(0x30, seq.toByteArray()));
        }
        members.sort((x, y) -> {
            int n = Math.min(x.length, y.length);
            int c = Arrays.compareUnsigned(x, 0, n, y, 0, n);
            return c != 0 ? c : Integer.compare(x.length, y.length);
        });
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] m : members) {
            body.write(m);
        }
        return tlv(0x31, body.toByteArray());
    }

    /** asn1_string_canon: the string types OpenSSL folds become a canonical UTF8String; others stay as they are. */
    private static byte[] canonicalValue(ASN1Encodable value) throws IOException {
        ASN1Primitive p = value.toASN1Primitive();
        byte[] utf8;
        if (p instanceof ASN1UTF8String || p instanceof ASN1PrintableString || p instanceof ASN1IA5String
                || p instanceof ASN1VisibleString || p instanceof ASN1BMPString) {
            utf8 = ((ASN1String) p).getString().getBytes(StandardCharsets.UTF_8);
        } else if (p instanceof ASN1T61String t61) {
            utf8 = new String(t61.getOctets(), StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
        } else if (p instanceof ASN1UniversalString u) {
            utf8 = new String(u.getOctets(), "UTF-32BE").getBytes(StandardCharsets.UTF_8);
        } else {
            return p.getEncoded(ASN1Encoding.DER);
        }
        return tlv(0x0c, fold(utf8));
    }

    /** Trim, collapse white space runs to one space, lower-case ASCII; bytes of non-ASCII characters pass. */
    private static byte[] fold(byte[] s) {
        int from = 0;
        int to = s.length;
        while (from < to && space(s[from])) {
            from++;
        }
        while (to > from && space(s[to - 1])) {
            to--;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < to; ) {
            byte b = s[i];
            if (b < 0) {
                out.write(b);
                i++;
            } else if (space(b)) {
                out.write(' ');
                while (space(s[i])) {
                    i++; // the last byte is not a space, so this stops inside the array
                }
            } else {
                out.write(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
                i++;
            }
        }
        return out.toByteArray();
    }

    /** ossl_isspace: space, tab, newline, vertical tab, form feed, carriage return. */
    private static boolean space(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(len) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
