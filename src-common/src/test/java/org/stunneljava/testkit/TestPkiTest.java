package org.stunneljava.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generated PKI is one that openssl itself accepts and rejects the way the tests assume. */
@DisplayName("TestPki files, checked by openssl")
class TestPkiTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestKeys.Algorithm.class, names = {"EC_P256", "RSA_2048"})
    void openssl_verify_accepts_the_server_and_client_chains(TestKeys.Algorithm algorithm) throws Exception {
        OpenSsl.assumeInstalled();
        TestPki pki = TestPki.create(dir, algorithm);
        for (TestPki.Identity id : new TestPki.Identity[] {pki.server(), pki.client()}) {
            var r = OpenSsl.run("verify", "-CAfile", pki.caPem().toString(),
                    "-untrusted", pki.intermediatePem().toString(), id.certPem().toString());
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains(": OK"), r.output());
        }
        var withHost = OpenSsl.run("verify", "-CAfile", pki.caPem().toString(), "-untrusted",
                pki.intermediatePem().toString(), "-purpose", "sslserver", "-verify_hostname", "localhost",
                "-verify_ip", "127.0.0.1", pki.server().certPem().toString());
        assertEquals(0, withHost.exitCode(), withHost.output());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestKeys.Algorithm.class, names = {"EC_P256", "RSA_2048"})
    void openssl_verify_rejects_the_bad_certificates_for_the_intended_reason(TestKeys.Algorithm algorithm)
            throws Exception {
        OpenSsl.assumeInstalled();
        TestPki pki = TestPki.create(dir, algorithm);
        assertVerifyError(pki, pki.expired().certPem(), "certificate has expired");
        assertVerifyError(pki, pki.unknown().certPem(), "self-signed certificate");
        var wrongHost = OpenSsl.run("verify", "-CAfile", pki.caPem().toString(), "-untrusted",
                pki.intermediatePem().toString(), "-verify_hostname", "localhost", pki.wrongHost().certPem().toString());
        assertTrue(wrongHost.output().contains("hostname mismatch"), wrongHost.output());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestKeys.Algorithm.class, names = {"EC_P256", "RSA_2048"})
    void openssl_reads_every_key_form_and_both_pkcs12_files(TestKeys.Algorithm algorithm) throws Exception {
        OpenSsl.assumeInstalled();
        TestPki.Identity server = TestPki.create(dir, algorithm).server();
        for (Path key : new Path[] {server.pem(), server.keyPem(), server.keyTraditionalPem()}) {
            var r = OpenSsl.run("pkey", "-in", key.toString(), "-noout");
            assertEquals(0, r.exitCode(), key + ": " + r.output());
        }
        for (Path key : new Path[] {server.encryptedKeyPem(), server.encryptedTraditionalKeyPem()}) {
            var r = OpenSsl.run("pkey", "-in", key.toString(), "-passin", "pass:" + TestPki.PASSWORD, "-noout");
            assertEquals(0, r.exitCode(), key + ": " + r.output());
        }
        var p12 = OpenSsl.run("pkcs12", "-in", server.p12().toString(), "-passin", "pass:" + TestPki.PASSWORD,
                "-nodes", "-noout");
        assertEquals(0, p12.exitCode(), p12.output());
        var empty = OpenSsl.run("pkcs12", "-in", server.p12NoPassword().toString(), "-passin", "pass:",
                "-nodes", "-noout");
        assertEquals(0, empty.exitCode(), empty.output());
    }

    private void assertVerifyError(TestPki pki, Path cert, String error) throws Exception {
        var r = OpenSsl.run("verify", "-CAfile", pki.caPem().toString(),
                "-untrusted", pki.intermediatePem().toString(), cert.toString());
        assertTrue(r.exitCode() != 0 && r.output().contains(error), r.output());
    }
}
