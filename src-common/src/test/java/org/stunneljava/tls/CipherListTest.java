package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.testkit.OpenSsl;

@DisplayName("ciphers: OpenSSL cipher strings expand as openssl ciphers expands them")
class CipherListTest {

    /** Each string is expanded by us and by the installed openssl; the results must agree on our suites. */
    static Stream<String> cipherStrings() {
        return Stream.of(
                // stunnel's default, OpenSSL's DEFAULT, and the big groups
                "HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK", "DEFAULT", "ALL", "ALL:COMPLEMENTOFALL", "COMPLEMENTOFDEFAULT",
                "COMPLEMENTOFALL", "HIGH", "MEDIUM", "LOW", "FIPS",
                // key exchange and authentication
                "aNULL", "eNULL", "NULL", "ECDHE", "EECDH", "kECDHE", "kEECDH", "ECDH", "AECDH", "ADH", "kRSA", "RSA",
                "aRSA", "aECDSA", "ECDSA", "aDSS", "DSS", "DH", "DHE", "EDH", "kDHE", "kEDH", "PSK", "kPSK", "aPSK",
                "kECDHEPSK", "kDHEPSK", "kRSAPSK", "SRP", "kSRP", "aSRP",
                // encryption, MAC, protocol
                "AES", "AES128", "AES256", "AESGCM", "AESCCM", "AESCCM8", "CAMELLIA", "CAMELLIA128", "CAMELLIA256",
                "ARIA", "ARIA128", "ARIA256", "ARIAGCM", "CHACHA20", "SHA1", "SHA", "SHA256", "SHA384", "MD5",
                "SSLv3", "TLSv1", "TLSv1.0", "TLSv1.2", "3DES", "RC4",
                // operators and separators
                "HIGH:@STRENGTH", "ALL:@STRENGTH", "ALL:COMPLEMENTOFALL:@STRENGTH", "ECDHE:+AES128",
                "ECDHE+AESGCM", "ECDHE+AESGCM:ECDHE+CHACHA20", "kRSA+AES;kECDHE", "ECDHE RSA", "ECDHE,RSA",
                "AES128-SHA:-AES128-SHA:HIGH+kRSA", "!HIGH:AES128-SHA", "ALL:-ALL", "ALL:-ECDHE:ECDHE",
                "ALL:!ECDHE:ECDHE", "HIGH:!AESGCM", "HIGH:-AESGCM:+AESGCM", "HIGH:-AESGCM:AESGCM", "DH:+AES256",
                "ALL:+CAMELLIA:+ARIA", "AESGCM+ECDHE:AESGCM+DHE:CHACHA20", "HIGH::", "ECDHE:-ECDSA:+SHA1",
                "ALL:-AES256:AES128:AES256", "ECDHE:-AESGCM:-CHACHA20:AESGCM",
                // explicit suites
                "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA",
                "AES128-SHA:AES256-SHA:ECDHE-RSA-AES128-SHA:@STRENGTH", "ECDHE-RSA-AES128-SHA+HIGH",
                "HIGH+ECDHE-RSA-AES128-SHA", "AES256-SHA+AES128-SHA", "ECDHE-ECDSA-AES256-SHA+SHA1",
                "ECDHE-ECDSA-AES256-SHA+TLSv1.2",
                // combinations that select nothing or are ignored
                "kRSA+kECDHE", "SSLv3+TLSv1.2", "AES128-SHA+TLSv1.2", "TLSv1.2+AES128-SHA", "TLSv1.2+kRSA",
                "HIGH+FIPS", "FIPS+HIGH", "FOO:HIGH", "FOO", "high", "TLS_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "DEFAULT:!HIGH:AES128-SHA", "DEFAULTX",
                "DEFAULT:+kRSA", "DEFAULT:ECDHE-PSK-AES128-CBC-SHA", " DEFAULT", "ECDHE:!ECDHE", "SSLv2",
                "EDH-RSA-DES-CBC3-SHA",
                // Suite B and security levels
                "SUITEB128", "SUITEB128ONLY", "SUITEB128C2", "SUITEB192", "SUITEB128:HIGH", "HIGH:@SECLEVEL=3",
                "@SECLEVEL=0:ALL",
                // invalid strings
                "HIGH_X", "HIGH+", "ECDHE++AES", "!", "HIGH:@FOO", "@SECLEVEL=6", "@SECLEVEL=10", "HIGH#x",
                "HIGH:!aNULL_",
                // configurations seen in the wild
                "EECDH+ECDSA+AESGCM:EECDH+aRSA+AESGCM:EECDH+ECDSA+SHA384:EECDH+ECDSA+SHA256:EECDH+aRSA+SHA384:"
                        + "EECDH+aRSA+SHA256:EECDH:EDH+aRSA:!aNULL:!eNULL:!LOW:!3DES:!MD5:!EXP:!PSK:!SRP:!DSS:!RC4",
                "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
                        + "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384",
                "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH", "HIGH:!aNULL:!MD5", "kEECDH:kEDH:kRSA:!aNULL:@STRENGTH",
                "HIGH:MEDIUM:!aNULL:!MD5:!RC4", "PSK:!aNULL", "COMPLEMENTOFDEFAULT:ALL", "ECDHE:!COMPLEMENTOFDEFAULT",
                "-ALL:HIGH", "+HIGH", "-HIGH:HIGH");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cipherStrings")
    void expandsLikeOpenssl(String rules) throws Exception {
        OpenSsl.assumeInstalled();
        // a leading '-' would be an option to the openssl command; a leading separator is skipped by both
        String arg = rules.startsWith("-") ? ":" + rules : rules;
        OpenSsl.Result r = OpenSsl.run("ciphers", "-ciphersuites", "", arg);
        Set<String> ours = new HashSet<>(OpenSslCiphers.all().stream().map(OpenSslCipher::name).toList());
        String expected;
        if (r.exitCode() != 0) {
            assertTrue(r.output().contains("no cipher match") || r.output().contains("invalid command"), r.output());
            expected = r.output().contains("invalid command") ? "invalid command" : "no cipher match";
        } else {
            List<String> openssl = Arrays.stream(r.output().strip().split(":")).filter(ours::contains).toList();
            expected = openssl.isEmpty() ? "no cipher match" : String.join(":", openssl);
        }
        assertEquals(expected, ourExpansion(rules));
    }

    private static String ourExpansion(String rules) {
        try {
            return String.join(":", CipherList.expand(rules).suites().stream().map(OpenSslCipher::name).toList());
        } catch (CipherListException e) {
            return e.openssl().substring(e.openssl().lastIndexOf(':') + 1);
        }
    }

    /** Attributes are checked by the expansions of the aliases above; here codes, versions and completeness. */
    @Test
    void theTableHasEverySuiteOpensslListsWithItsCodeAndVersion() throws Exception {
        OpenSsl.assumeInstalled();
        OpenSsl.Result r = OpenSsl.run("ciphers", "-ciphersuites", "", "-V", "ALL:COMPLEMENTOFALL");
        assertEquals(0, r.exitCode(), r.output());
        List<String[]> lines = r.output().lines().map(l -> l.trim().split("\\s+")).toList();
        for (String[] f : lines) {
            OpenSslCipher c = OpenSslCiphers.byName(f[2]).orElse(null);
            if (c == null) {
                // a suite this machine's OpenSSL has and the table lacks: only acceptable for algorithms BC lacks
                assertTrue(f[6].startsWith("Enc=3DES") || f[6].startsWith("Enc=RC4") || f[6].startsWith("Enc=SEED")
                        || f[6].startsWith("Enc=IDEA") || f[6].startsWith("Enc=DES"), String.join(" ", f));
                continue;
            }
            assertEquals(f[0], String.format("0x%02X,0x%02X", c.code() >> 8, c.code() & 0xFF), f[2]);
            assertEquals(f[3], c.since().name().replace('_', '.'), f[2]);
        }
        assertEquals(OpenSslCiphers.all().size(), lines.stream().filter(f -> OpenSslCiphers.byName(f[2]).isPresent())
                .count(), "suites in the table that openssl does not list");
    }

    @Test
    void securityLevelCommandIsReported() throws CipherListException {
        assertEquals(OptionalInt.of(3), CipherList.expand("HIGH:@SECLEVEL=1:@SECLEVEL=3").securityLevel());
        assertEquals(OptionalInt.empty(), CipherList.expand("HIGH").securityLevel());
    }

    @Test
    void errorsSayWhatIsWrong() {
        CipherListException e = assertThrows(CipherListException.class, () -> CipherList.expand("HIGH:!aNULL_x"));
        assertEquals("unexpected \"_\" at position 12 of \"HIGH:!aNULL_x\"", e.getMessage());
        e = assertThrows(CipherListException.class, () -> CipherList.expand("FOO:BAR"));
        assertEquals("no cipher suite matches \"FOO:BAR\"", e.getMessage());
        assertEquals("error:0A0000B9:SSL routines::no cipher match", e.openssl());
    }
}
