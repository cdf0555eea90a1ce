package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.testkit.OpenSsl;

@DisplayName("ciphersuites: OpenSSL 3.0's TLS 1.3 list rules")
class Tls13SuitesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256",
            "FOO:TLS_AES_128_GCM_SHA256", " TLS_AES_128_GCM_SHA256 : :TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256:TLS_AES_128_GCM_SHA256", "tls_aes_128_gcm_sha256", "FOO", "FOO:BAR",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256:TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"})
    void parsesLikeOpenssl(String value) throws Exception {
        OpenSsl.assumeInstalled();
        // NULL-MD5 marks where the TLS 1.2 cipher list starts in openssl's output
        OpenSsl.Result r = OpenSsl.run("ciphers", "-ciphersuites", value, "NULL-MD5");
        String expected;
        if (r.exitCode() != 0) {
            expected = "no cipher match";
        } else {
            List<String> names = Arrays.asList(r.output().strip().split(":"));
            expected = String.join(":", names.subList(0, names.indexOf("NULL-MD5")).stream().distinct().toList());
        }
        String ours;
        try {
            ours = String.join(":", Tls13Suites.parse(value).stream().map(SuiteNames::openssl).toList());
        } catch (CipherListException e) {
            ours = "no cipher match";
        }
        assertEquals(expected, ours);
    }

    @Test
    void emptyMeansNoTls13() throws CipherListException {
        assertEquals(List.of(), Tls13Suites.parse(""));
    }

    @Test
    void noKnownNameIsAnError() {
        CipherListException e = assertThrows(CipherListException.class, () -> Tls13Suites.parse("FOO:BAR"));
        assertEquals("no TLS 1.3 cipher suite in \"FOO:BAR\"", e.getMessage());
        assertEquals("error:0A0000B9:SSL routines::no cipher match", e.openssl());
    }
}
