package org.stunneljava.tls;

import static org.stunneljava.tls.OpenSslCipher.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenSSL 3.0's TLS 1.2-and-older suites that stunnel-java can name, in OpenSSL's default preference order, read
 * once from {@code openssl-ciphers.txt} (which says how it was produced from {@code openssl ciphers -V}).
 */
public final class OpenSslCiphers {
    private static final List<OpenSslCipher> ALL = load();
    private static final Map<String, OpenSslCipher> BY_NAME = indexByName(ALL);
    private static final Map<Integer, OpenSslCipher> BY_CODE = indexByCode(ALL);

    private OpenSslCiphers() {
    }

    /** Every suite, in the order OpenSSL ranks them before a cipher string is applied. */
    public static List<OpenSslCipher> all() {
        return ALL;
    }

    /** By OpenSSL name, case-sensitive as OpenSSL's {@code strncmp}. */
    public static Optional<OpenSslCipher> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Optional<OpenSslCipher> byCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    private static List<OpenSslCipher> load() {
        try (InputStream in = OpenSslCiphers.class.getResourceAsStream("openssl-ciphers.txt")) {
            if (in == null) {
                throw new IllegalStateException("openssl-ciphers.txt missing from the jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            List<OpenSslCipher> ciphers = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    ciphers.add(parse(line.trim().split("\\s+")));
                }
            }
            return List.copyOf(ciphers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 0xC0,0x2C NAME TLSv1.2 Kx=ECDH Au=ECDSA Enc=AESGCM(256) Mac=AEAD [flags...]}. */
    private static OpenSslCipher parse(String[] f) {
        String[] bytes = f[0].split(",");
        int code = Integer.decode(bytes[0]) << 8 | Integer.decode(bytes[1]);
        OpenSslCipher.Since since = switch (f[2]) {
            case "SSLv3" -> OpenSslCipher.Since.SSLv3;
            case "TLSv1" -> OpenSslCipher.Since.TLSv1;
            case "TLSv1.2" -> OpenSslCipher.Since.TLSv1_2;
            default -> throw bad(f, f[2]);
        };
        String enc = value(f[5], "Enc=");
        int bits = enc.equals("None") ? 0 : Integer.parseInt(enc.substring(enc.indexOf('(') + 1, enc.indexOf(')')));
        int strength = 0;
        for (int i = 7; i < f.length; i++) {
            strength |= switch (f[i]) {
                case "HIGH" -> STRENGTH_HIGH;
                case "MEDIUM" -> STRENGTH_MEDIUM;
                case "LOW" -> STRENGTH_LOW;
                case "FIPS" -> STRENGTH_FIPS;
                case "NOT_DEFAULT" -> NOT_DEFAULT;
                default -> throw bad(f, f[i]);
            };
        }
        return new OpenSslCipher(code, f[1], since, kx(f), auth(f), enc(f, enc), mac(f), bits, strength);
    }

    private static int kx(String[] f) {
        return switch (value(f[3], "Kx=")) {
            case "RSA" -> KX_RSA;
            case "ECDH" -> KX_ECDHE;
            case "DH" -> KX_DHE;
            case "PSK" -> KX_PSK;
            case "RSAPSK" -> KX_RSAPSK;
            case "ECDHEPSK" -> KX_ECDHEPSK;
            case "DHEPSK" -> KX_DHEPSK;
            case "SRP" -> KX_SRP;
            default -> throw bad(f, f[3]);
        };
    }

    private static int auth(String[] f) {
        return switch (value(f[4], "Au=")) {
            case "RSA" -> AU_RSA;
            case "ECDSA" -> AU_ECDSA;
            case "DSS" -> AU_DSS;
            case "None" -> AU_NULL;
            case "PSK" -> AU_PSK;
            case "SRP" -> AU_SRP;
            default -> throw bad(f, f[4]);
        };
    }

    private static int enc(String[] f, String enc) {
        return switch (enc) {
            case "None" -> ENC_NULL;
            case "AES(128)" -> ENC_AES128;
            case "AES(256)" -> ENC_AES256;
            case "AESGCM(128)" -> ENC_AES128GCM;
            case "AESGCM(256)" -> ENC_AES256GCM;
            case "AESCCM(128)" -> ENC_AES128CCM;
            case "AESCCM(256)" -> ENC_AES256CCM;
            case "AESCCM8(128)" -> ENC_AES128CCM8;
            case "AESCCM8(256)" -> ENC_AES256CCM8;
            case "Camellia(128)" -> ENC_CAMELLIA128;
            case "Camellia(256)" -> ENC_CAMELLIA256;
            case "ARIAGCM(128)" -> ENC_ARIA128GCM;
            case "ARIAGCM(256)" -> ENC_ARIA256GCM;
            case "CHACHA20/POLY1305(256)" -> ENC_CHACHA20POLY1305;
            default -> throw bad(f, enc);
        };
    }

    private static int mac(String[] f) {
        return switch (value(f[6], "Mac=")) {
            case "MD5" -> MAC_MD5;
            case "SHA1" -> MAC_SHA1;
            case "SHA256" -> MAC_SHA256;
            case "SHA384" -> MAC_SHA384;
            case "AEAD" -> MAC_AEAD;
            default -> throw bad(f, f[6]);
        };
    }

    private static String value(String field, String prefix) {
        if (!field.startsWith(prefix)) {
            throw new IllegalStateException("openssl-ciphers.txt: expected " + prefix + " in " + field);
        }
        return field.substring(prefix.length());
    }

    private static IllegalStateException bad(String[] fields, String what) {
        return new IllegalStateException("openssl-ciphers.txt: unknown " + what + " in " + String.join(" ", fields));
    }

    private static Map<String, OpenSslCipher> indexByName(List<OpenSslCipher> all) {
        Map<String, OpenSslCipher> map = new HashMap<>();
        all.forEach(c -> map.put(c.name(), c));
        return Map.copyOf(map);
    }

    private static Map<Integer, OpenSslCipher> indexByCode(List<OpenSslCipher> all) {
        Map<Integer, OpenSslCipher> map = new HashMap<>();
        all.forEach(c -> map.put(c.code(), c));
        return Map.copyOf(map);
    }
}
