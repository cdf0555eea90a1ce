package org.stunneljava.tls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.tls.NamedGroup;

/**
 * {@code curves} (alias {@code curve}): OpenSSL 3.0's group names, as {@code SSL_CTX_set1_groups_list} reads them,
 * for the groups Bouncy Castle implements. A name is OpenSSL's TLS name ({@code secp256r1}, {@code x25519}), its
 * internal name ({@code prime256v1}, {@code X25519}) or a NIST alias ({@code P-256}, {@code K-233}); names are
 * case-sensitive. The list is colon-separated with spaces around names ignored; an unknown name, an empty element
 * or a name given twice makes the whole list invalid, as in OpenSSL. Each group carries the security bits OpenSSL's
 * default provider gives it (for {@code securityLevel}).
 */
public final class GroupNames {
    /** @param bits security bits, as OpenSSL's provider table lists them */
    public record Group(int code, String name, int bits) {
    }

    private static final Map<String, Group> BY_NAME = new LinkedHashMap<>();
    private static final Map<Integer, Group> BY_CODE = new LinkedHashMap<>();

    static {
        add(NamedGroup.sect163k1, 80, "sect163k1", "K-163");
        add(NamedGroup.sect163r1, 80, "sect163r1");
        add(NamedGroup.sect163r2, 80, "sect163r2", "B-163");
        add(NamedGroup.sect193r1, 80, "sect193r1");
        add(NamedGroup.sect193r2, 80, "sect193r2");
        add(NamedGroup.sect233k1, 112, "sect233k1", "K-233");
        add(NamedGroup.sect233r1, 112, "sect233r1", "B-233");
        add(NamedGroup.sect239k1, 112, "sect239k1");
        add(NamedGroup.sect283k1, 128, "sect283k1", "K-283");
        add(NamedGroup.sect283r1, 128, "sect283r1", "B-283");
        add(NamedGroup.sect409k1, 192, "sect409k1", "K-409");
        add(NamedGroup.sect409r1, 192, "sect409r1", "B-409");
        add(NamedGroup.sect571k1, 256, "sect571k1", "K-571");
        add(NamedGroup.sect571r1, 256, "sect571r1", "B-571");
        add(NamedGroup.secp160k1, 80, "secp160k1");
        add(NamedGroup.secp160r1, 80, "secp160r1");
        add(NamedGroup.secp160r2, 80, "secp160r2");
        add(NamedGroup.secp192k1, 80, "secp192k1");
        add(NamedGroup.secp192r1, 80, "secp192r1", "prime192v1", "P-192");
        add(NamedGroup.secp224k1, 112, "secp224k1");
        add(NamedGroup.secp224r1, 112, "secp224r1", "P-224");
        add(NamedGroup.secp256k1, 128, "secp256k1");
        add(NamedGroup.secp256r1, 128, "secp256r1", "prime256v1", "P-256");
        add(NamedGroup.secp384r1, 192, "secp384r1", "P-384");
        add(NamedGroup.secp521r1, 256, "secp521r1", "P-521");
        add(NamedGroup.brainpoolP256r1, 128, "brainpoolP256r1");
        add(NamedGroup.brainpoolP384r1, 192, "brainpoolP384r1");
        add(NamedGroup.brainpoolP512r1, 256, "brainpoolP512r1");
        add(NamedGroup.x25519, 128, "x25519", "X25519");
        add(NamedGroup.x448, 224, "x448", "X448");
        add(NamedGroup.ffdhe2048, 112, "ffdhe2048");
        add(NamedGroup.ffdhe3072, 128, "ffdhe3072");
        add(NamedGroup.ffdhe4096, 128, "ffdhe4096");
        add(NamedGroup.ffdhe6144, 128, "ffdhe6144");
        add(NamedGroup.ffdhe8192, 192, "ffdhe8192");
    }

    private GroupNames() {
    }

    private static void add(int code, int bits, String... names) {
        Group g = new Group(code, names[0], bits);
        BY_CODE.put(code, g);
        for (String name : names) {
            BY_NAME.put(name, g);
        }
    }

    public static Optional<Group> byCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** Every accepted name, for the error message. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The groups of a {@code curves} value, in its order. */
    public static List<Group> parse(String value) throws CipherListException {
        List<Group> groups = new ArrayList<>();
        for (String element : value.split(":", -1)) {
            String name = element.strip();
            if (name.isEmpty()) {
                throw CipherListException.group("empty group name in \"" + value + "\"");
            }
            Group g = BY_NAME.get(name);
            if (g == null) {
                throw CipherListException.group("unknown group \"" + name + "\"");
            }
            if (groups.contains(g)) {
                throw CipherListException.group("group \"" + name + "\" given twice");
            }
            groups.add(g);
        }
        return groups;
    }
}
