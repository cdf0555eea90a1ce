package org.stunneljava.tls;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * {@code checkHost} and {@code checkIP} as stunnel does them: OpenSSL's {@code X509_check_host(cert, name, 0,
 * 0)} and {@code X509_check_ip_asc(cert, ip, 0)} (crypto/x509/v3_utl.c). Host names: DNS SANs first; the
 * subject CN only when the certificate has no DNS SAN at all (RFC 6125 6.4.4); ASCII case-insensitive; one
 * wildcard allowed, in the left-most label only, and only when at least two labels follow it. With flags 0
 * OpenSSL also accepts a partial left-most label ({@code f*.example.com}, {@code *f.example.com}, not
 * {@code f*o.example.com}), and a name starting with "." matches any sub-domain. IP: byte-exact match with an
 * iPAddress SAN (4 or 16 bytes; an IPv4-mapped IPv6 address is not its IPv4 address). Stateless.
 */
public final class SubjectMatcher {
    private static final int DNS = 2;

    private SubjectMatcher() {
    }

    /** The certificate name that matched {@code host} (what stunnel logs as "matched with"), if any. */
    public static Optional<String> matchHost(X509Certificate cert, String host) {
        if (host.isEmpty()) {
            return Optional.empty();
        }
        List<String> dnsNames = altNames(cert, DNS);
        List<String> candidates = dnsNames.isEmpty() ? commonNames(cert) : dnsNames;
        for (String pattern : candidates) {
            if (hostMatches(pattern, host)) {
                return Optional.of(pattern);
            }
        }
        return Optional.empty();
    }

    /** True when {@code ip} (an IPv4 or IPv6 literal) is one of the certificate's iPAddress SANs. */
    public static boolean matchIp(X509Certificate cert, String ip) {
        Optional<byte[]> wanted = parseIp(ip);
        if (wanted.isEmpty()) {
            return false; // X509_check_ip_asc returns -2 for an unparsable address: never a match
        }
        for (byte[] san : ipAltNames(cert)) {
            if (Arrays.equals(san, wanted.get())) {
                return true;
            }
        }
        return false;
    }

    /** OpenSSL's equal_wildcard with flags 0 (and _X509_CHECK_FLAG_DOT_SUBDOMAINS for a ".domain" host). */
    static boolean hostMatches(String pattern, String host) {
        if (host.length() > 1 && host.charAt(0) == '.') {
            // Sub-domain match: the certificate name must end with the host (skip_prefix), no wildcards.
            return pattern.length() >= host.length()
                    && pattern.regionMatches(true, pattern.length() - host.length(), host, 0, host.length());
        }
        int star = validStar(pattern);
        if (star < 0) {
            return pattern.indexOf('\0') < 0 && asciiEqualsIgnoreCase(pattern, host);
        }
        String prefix = pattern.substring(0, star);
        String suffix = pattern.substring(star + 1);
        if (host.length() < prefix.length() + suffix.length()
                || !asciiEqualsIgnoreCase(host.substring(0, prefix.length()), prefix)
                || !asciiEqualsIgnoreCase(host.substring(host.length() - suffix.length()), suffix)) {
            return false;
        }
        String matched = host.substring(prefix.length(), host.length() - suffix.length());
        if (prefix.isEmpty() && suffix.startsWith(".") && matched.isEmpty()) {
            return false; // a whole-label "*" must match at least one character
        }
        if (!prefix.isEmpty() || !suffix.startsWith(".")) {
            // Partial wildcards never match IDNA (punycode) labels.
            if (host.length() >= 4 && host.regionMatches(true, 0, "xn--", 0, 4)) {
                return false;
            }
        }
        return matched.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-'));
    }

    /** OpenSSL's valid_star: the index of the one usable '*' in {@code p}, or -1 (then compared literally). */
    static int validStar(String p) {
        int star = -1;
        int dots = 0;
        boolean labelStart = true;
        boolean hyphen = false;
        boolean idna = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*') {
                boolean atEnd = i == p.length() - 1 || p.charAt(i + 1) == '.';
                if (star >= 0 || idna || dots > 0 || (!labelStart && !atEnd)) {
                    return -1;
                }
                star = i;
                labelStart = false;
            } else if (c < 128 && Character.isLetterOrDigit(c)) {
                if (labelStart && p.regionMatches(true, i, "xn--", 0, 4)) {
                    idna = true;
                }
                labelStart = false;
                hyphen = false;
            } else if (c == '.') {
                if (labelStart || hyphen) {
                    return -1;
                }
                labelStart = true;
                idna = false; // only the wildcard's own label may not be an IDNA label
                dots++;
            } else if (c == '-') {
                if (labelStart) {
                    return -1;
                }
                hyphen = true;
            } else {
                return -1;
            }
        }
        return labelStart || hyphen || dots < 2 ? -1 : star;
    }

    /**
     * OpenSSL's a2i_ipadd: dotted-quad IPv4, or IPv6 (anything with a ':'), as raw bytes. An IPv6 literal that
     * the JDK turns into an IPv4 address (::ffff:a.b.c.d) is turned back into its 16 bytes.
     */
    static Optional<byte[]> parseIp(String text) {
        try {
            if (text.indexOf(':') >= 0) {
                InetAddress a = InetAddress.ofLiteral(text);
                if (a instanceof Inet4Address v4) {
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(v4.getAddress(), 0, mapped, 12, 4);
                    return Optional.of(mapped);
                }
                return Optional.of(a.getAddress());
            }
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                return Optional.empty();
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                    return Optional.empty();
                }
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return Optional.empty();
                }
                out[i] = (byte) v;
            }
            return Optional.of(out);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean asciiEqualsIgnoreCase(String a, String b) {
        return a.length() == b.length() && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    private static List<String> altNames(X509Certificate cert, int type) {
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (names != null) {
            for (List<?> n : names) {
                if (((Integer) n.get(0)) == type && n.get(1) instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The raw iPAddress SAN octets (the JDK's text form folds IPv4-mapped IPv6 addresses to IPv4). */
    private static List<byte[]> ipAltNames(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectAlternativeName.getId());
        List<byte[]> out = new ArrayList<>();
        if (ext == null) {
            return out;
        }
        try {
            GeneralNames names = GeneralNames.getInstance(ASN1OctetString.getInstance(ext).getOctets());
            for (GeneralName n : names.getNames()) {
                if (n.getTagNo() == GeneralName.iPAddress) {
                    out.add(ASN1OctetString.getInstance(n.getName()).getOctets());
                }
            }
        } catch (IllegalArgumentException e) {
            // A damaged SAN extension matches nothing, as in OpenSSL.
        }
        return out;
    }

    private static List<String> commonNames(X509Certificate cert) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        List<String> out = new ArrayList<>();
        for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
            for (var ava : rdn.getTypesAndValues()) {
                if (ava.getType().equals(BCStyle.CN) && ava.getValue() instanceof ASN1String s) {
                    out.add(s.getString());
                }
            }
        }
        return out;
    }
}
