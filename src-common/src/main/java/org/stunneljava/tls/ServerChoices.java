package org.stunneljava.tls;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.NamedGroup;

/**
 * The choices a TLS 1.2 server makes that Bouncy Castle's {@code AbstractTlsServer} would make from the client's
 * lists alone (it assumes a server supports every curve): here they are confined to the service's {@code curves}
 * and follow {@code CIPHER_SERVER_PREFERENCE} and {@code PRIORITIZE_CHACHA} as OpenSSL 3.0 does
 * ({@code tls1_shared_group}; {@code ssl3_choose_cipher}).
 */
final class ServerChoices {
    private ServerChoices() {
    }

    /** The largest curve both sides have; with no client list (RFC 4492 section 4), our largest. */
    static int maxCurveBits(int[] clientGroups, int[] ours) {
        int max = 0;
        for (int g : ours) {
            if (NamedGroup.refersToAnECDHCurve(g) && (clientGroups == null || contains(clientGroups, g))) {
                max = Math.max(max, NamedGroup.getCurveBits(g));
            }
        }
        return max;
    }

    /** A curve both sides have, by the server's order or the client's; -1 when there is none. */
    static int selectEcGroup(int[] clientGroups, int[] ours, boolean serverOrder, int minimumCurveBits) {
        int[] ordered = clientGroups == null || serverOrder ? ours : clientGroups;
        for (int g : ordered) {
            if (NamedGroup.refersToAnECDHCurve(g) && NamedGroup.getCurveBits(g) >= minimumCurveBits
                    && contains(ours, g) && (clientGroups == null || contains(clientGroups, g))) {
                return g;
            }
        }
        return -1;
    }

    /** ChaCha20-Poly1305 suites first, for a client whose first choice is one of them. */
    static int[] chachaFirst(int[] ours, int[] offered) {
        if (offered == null || offered.length == 0 || !chacha(offered[0])) {
            return ours;
        }
        List<Integer> first = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int s : ours) {
            (chacha(s) ? first : rest).add(s);
        }
        first.addAll(rest);
        return first.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean chacha(int suite) {
        return SuiteNames.of(suite).contains("CHACHA20_POLY1305");
    }

    private static boolean contains(int[] list, int value) {
        for (int v : list) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
