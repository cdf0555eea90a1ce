package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stunneljava.testkit.OpenSsl;

/** The TLS 1.2 PSK suites of stunnel's default cipher list, and who may use them. */
class PskSuitesTest {
    /**
     * {@code openssl ciphers -stdname} on stunnel's default list: its pre-shared-key suites (PSK, ECDHE-PSK and
     * RSA-PSK key exchange), in order, are ours, under the same OpenSSL names.
     */
    @Test
    void theDefaultPskSuitesAreOpensslsInItsOrderUnderItsNames() throws Exception {
        OpenSsl.assumeInstalled();
        OpenSsl.Result r = OpenSsl.run("ciphers", "-stdname", "HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK");
        assertEquals(0, r.exitCode(), r.output());
        List<String> theirs = r.output().lines().filter(l -> l.matches(".*Kx=(PSK|ECDHEPSK|RSAPSK|DHEPSK) .*"))
                .map(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[2]).toList();
        List<String> ours = Arrays.stream(TlsDefaults.TLS12_PSK_SUITES)
                .mapToObj(s -> SuiteNames.of(s) + " " + SuiteNames.openssl(s)).toList();
        assertEquals(theirs, ours);
    }

    @Test
    void aServiceWithoutKeysOffersNoPskSuiteAndOneWithKeysKeepsTheList() {
        int[] all = TlsDefaults.allSuites();
        int[] without = PskSuites.forService(all, false);
        assertTrue(Arrays.stream(without).noneMatch(PskSuites::isPsk));
        assertEquals(all.length - TlsDefaults.TLS12_PSK_SUITES.length, without.length);
        assertArrayEquals(all, PskSuites.forService(all, true));
    }
}
