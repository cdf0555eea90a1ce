package org.stunneljava.tls;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An OpenSSL 3.0 cipher string ({@code ciphers}, TLS 1.2 and older) expanded to suites, with OpenSSL's rules
 * ({@code man openssl-ciphers}; ssl/ssl_ciph.c, re-stated, not copied):
 * <ul>
 * <li>Elements are separated by {@code :}, {@code ,}, {@code ;} or spaces. An element is a suite name or an alias
 *     ({@link CipherAliases}), or several joined by {@code +}, which selects the suites matching all of them.</li>
 * <li>{@code X} adds the matching suites not yet in the list at its end; {@code -X} takes them out of the list (they
 *     may come back, and then ahead of the others); {@code !X} takes them out for good; {@code +X} moves the ones in
 *     the list to its end; {@code @STRENGTH} sorts by key length, keeping the order within a length;
 *     {@code @SECLEVEL=n} sets the security level.</li>
 * <li>Names and aliases are case-sensitive. An unknown name is ignored, but a character that cannot start a name
 *     (such as {@code _}) makes the whole string invalid; so does an unknown {@code @} command.</li>
 * <li>A string that starts with {@code DEFAULT} starts from {@code ALL:!COMPLEMENTOFDEFAULT:!eNULL}; one that
 *     starts with {@code SUITEB128}, {@code SUITEB128ONLY}, {@code SUITEB128C2} or {@code SUITEB192} is replaced by
 *     the Suite B suites (RFC 6460; the Suite B limits on curves and signatures are not applied).</li>
 * <li>An expansion with no suite is an error ({@code no cipher match}).</li>
 * </ul>
 * The suites are those of {@link OpenSslCiphers}, starting in OpenSSL's preference order; since every rule moves
 * whole matching sets while keeping their order, the result is OpenSSL's restricted to those suites.
 */
public final class CipherList {
    /** What OpenSSL 3.0's {@code DEFAULT} stands for. */
    static final String DEFAULT_RULES = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

    /**
     * @param suites        the expansion, in preference order
     * @param securityLevel the last {@code @SECLEVEL=n}, which overrides {@code securityLevel}, as in stunnel
     *                      (it sets the level before it sets the cipher list)
     */
    public record Expansion(List<OpenSslCipher> suites, OptionalInt securityLevel) {
        public Expansion {
            suites = List.copyOf(suites);
        }
    }

    private enum Rule { ADD, DEL, KILL, ORD, SPECIAL }

    private static final class Node {
        final OpenSslCipher cipher;
        boolean active;

        Node(OpenSslCipher cipher) {
            this.cipher = cipher;
        }
    }

    private final List<Node> order = new ArrayList<>();
    private Integer securityLevel;

    private CipherList() {
        OpenSslCiphers.all().forEach(c -> order.add(new Node(c)));
    }

    public static Expansion expand(String rules) throws CipherListException {
        CipherList list = new CipherList();
        String rest = suiteB(rules);
        if (rest.startsWith("DEFAULT")) {
            list.process(DEFAULT_RULES);
            rest = rest.substring("DEFAULT".length());
            if (rest.startsWith(":")) {
                rest = rest.substring(1);
            }
        }
        list.process(rest);
        List<OpenSslCipher> suites = list.order.stream().filter(n -> n.active).map(n -> n.cipher).toList();
        if (suites.isEmpty()) {
            throw CipherListException.noMatch("no cipher suite matches \"" + rules + "\"");
        }
        return new Expansion(suites, list.securityLevel == null ? OptionalInt.empty()
                : OptionalInt.of(list.securityLevel));
    }

    /** RFC 6460's suites replace the whole string, as in OpenSSL. */
    private static String suiteB(String rules) {
        if (rules.startsWith("SUITEB128ONLY")) {
            return "ECDHE-ECDSA-AES128-GCM-SHA256";
        }
        if (rules.startsWith("SUITEB128C2") || rules.startsWith("SUITEB192")) {
            return "ECDHE-ECDSA-AES256-GCM-SHA384";
        }
        if (rules.startsWith("SUITEB128")) {
            return "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384";
        }
        return rules;
    }

    private static boolean separator(char c) {
        return c == ':' || c == ' ' || c == ';' || c == ',';
    }

    private static boolean wordChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                || c == '=';
    }

    private void process(String s) throws CipherListException {
        int i = 0;
        while (i < s.length()) {
            char first = s.charAt(i);
            Rule rule = switch (first) {
                case '-' -> Rule.DEL;
                case '+' -> Rule.ORD;
                case '!' -> Rule.KILL;
                case '@' -> Rule.SPECIAL;
                default -> Rule.ADD;
            };
            if (rule != Rule.ADD) {
                i++;
            } else if (separator(first)) {
                i++;
                continue;
            }
            i = element(s, i, rule);
        }
    }

    /** One element from {@code i} (after its prefix); returns where the next one starts. */
    private int element(String s, int i, Rule rule) throws CipherListException {
        CipherPattern pattern = null;
        boolean found = true;
        while (true) {
            int start = i;
            while (i < s.length() && wordChar(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw CipherListException.invalidCommand(i < s.length()
                        ? "unexpected \"" + s.charAt(i) + "\" at position " + (i + 1) + " of \"" + s + "\""
                        : "nothing after \"" + s.charAt(i - 1) + "\" at the end of \"" + s + "\"");
            }
            String word = s.substring(start, i);
            if (rule == Rule.SPECIAL) {
                special(word, s);
                return skipToSeparator(s, i);
            }
            boolean multi = i < s.length() && s.charAt(i) == '+';
            if (multi) {
                i++;
            }
            Optional<OpenSslCipher> suite = OpenSslCiphers.byName(word);
            Optional<CipherPattern> next = suite.map(CipherPattern::of).or(() -> CipherAliases.find(word));
            if (next.isEmpty()) {
                found = false; // an unknown name: OpenSSL ignores the element
                break;
            }
            pattern = pattern == null ? next.get() : pattern.and(next.get(), suite.isPresent());
            if (pattern == null) {
                found = false; // e.g. kRSA+kECDHE: nothing is both
                break;
            }
            if (!multi) {
                break;
            }
        }
        if (!found) {
            return skipToSeparator(s, i);
        }
        apply(rule, pattern);
        return i;
    }

    private static int skipToSeparator(String s, int i) {
        while (i < s.length() && !separator(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private void special(String word, String s) throws CipherListException {
        if (word.equals("STRENGTH")) {
            sortByStrength();
        } else if (word.length() == 10 && word.startsWith("SECLEVEL=") && word.charAt(9) >= '0'
                && word.charAt(9) <= '5') {
            securityLevel = word.charAt(9) - '0';
        } else {
            throw CipherListException.invalidCommand("unknown command \"@" + word + "\" in \"" + s + "\""
                    + " (there are @STRENGTH and @SECLEVEL=0 to 5)");
        }
    }

    private void apply(Rule rule, CipherPattern pattern) {
        List<Node> snapshot = new ArrayList<>(order);
        switch (rule) {
            case ADD -> snapshot.stream().filter(n -> !n.active && pattern.matches(n.cipher)).forEach(n -> {
                toTail(n);
                n.active = true;
            });
            case ORD -> snapshot.stream().filter(n -> n.active && pattern.matches(n.cipher)).forEach(this::toTail);
            case DEL -> snapshot.reversed().stream().filter(n -> n.active && pattern.matches(n.cipher)).forEach(n -> {
                // most recently deleted first: if added again they come back ahead, in their old order
                order.remove(n);
                order.addFirst(n);
                n.active = false;
            });
            case KILL -> order.removeIf(n -> pattern.matches(n.cipher));
            case SPECIAL -> throw new IllegalStateException("special commands are not patterns");
        }
    }

    private void toTail(Node n) {
        order.remove(n);
        order.add(n);
    }

    /** The suites in the list move to its end, strongest first, in their order within a strength. */
    private void sortByStrength() {
        List<Node> active = new ArrayList<>(order.stream().filter(n -> n.active).toList());
        active.sort(Comparator.comparingInt((Node n) -> n.cipher.bits()).reversed());
        order.removeIf(n -> n.active);
        order.addAll(active);
    }
}
