package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OpenSsl;
import org.stunneljava.testkit.OurPrograms;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * The server program (the built jar) with password-protected keys made by openssl: the password from the
 * process environment ({@code keyPasswordEnv}) or a file ({@code keyPasswordFile}) opens them and openssl s_client
 * completes a handshake; without the option, or with an unset variable, the program exits 1 before binding and says
 * what to add and where. stunnel 5.68 itself prompts on the terminal ({@code Enter PEM pass phrase:}) and rejects
 * both options as unknown: they are stunnel-java extensions.
 */
class KeyPasswordIT {
    private static final String PASSWORD = "it's a secret";

    @TempDir
    static Path dir;
    static TestPki pki;
    static Path encryptedKey;
    static Path protectedP12;

    @BeforeAll
    static void files() throws Exception {
        OpenSsl.assumeInstalled();
        pki = TestPki.create(dir.resolve("pki"));
        encryptedKey = dir.resolve("server-enc.key");
        assertEquals(0, OpenSsl.run("pkcs8", "-topk8", "-in", pki.server().keyPem().toString(), "-passout",
                "pass:" + PASSWORD, "-out", encryptedKey.toString()).exitCode());
        protectedP12 = dir.resolve("server.p12");
        assertEquals(0, OpenSsl.run("pkcs12", "-export", "-in", pki.server().chainPem().toString(), "-inkey",
                pki.server().keyPem().toString(), "-passout", "pass:" + PASSWORD, "-out", protectedP12.toString())
                .exitCode());
    }

    /** The key opened: openssl s_client completes a handshake and verifies the server's certificate. */
    private static void assertOpensslVerifiesTheServer(int port, String version) throws Exception {
        OpenSsl.Result r = OpenSsl.handshake(port, pki.caPem(), version);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Verification: OK"), r.output());
    }

    @Test
    void theKeyPasswordFromTheEnvironmentOpensAnEncryptedKey() throws Exception {
        try (Backends backend = Backends.echo()) {
            Path conf = OurPrograms.serverConf(dir, "", "env", backend.port(), pki.server().chainPem(),
                    "key = " + encryptedKey + "\nkeyPasswordEnv = STUNNEL_KEY_PASSWORD");
            try (ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, conf,
                    Map.of("STUNNEL_KEY_PASSWORD", PASSWORD))) {
                server.await("Accepting new connections", Programs.START);
                assertOpensslVerifiesTheServer(server.awaitPort("env", Programs.START), "-tls1_3");
            }
        }
    }

    @Test
    void theKeyPasswordFromAFileOpensAProtectedPkcs12File() throws Exception {
        Path password = Files.writeString(dir.resolve("p12-password"), PASSWORD + "\n");
        try (Backends backend = Backends.echo()) {
            Path conf = OurPrograms.serverConf(dir, "", "p12", backend.port(), protectedP12,
                    "keyPasswordFile = " + password);
            try (ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, conf)) {
                server.await("Certificate and private key loaded from file: " + protectedP12, Programs.START);
                assertOpensslVerifiesTheServer(server.awaitPort("p12", Programs.START), "-tls1_2");
            }
        }
    }

    @Test
    void anEncryptedKeyWithoutAPasswordOptionExitsOneSayingWhatToAddAndWhere() throws Exception {
        Path conf = OurPrograms.serverConf(dir, "", "nopass", 9, pki.server().chainPem(), "key = " + encryptedKey);
        String out = OurPrograms.refusedAtStartUp(Programs.Mode.SERVER, conf);
        assertTrue(out.contains("[!] Service [nopass]: key = \"" + encryptedKey + "\": the private key"
                + " is encrypted: add \"keyPasswordFile = FILE\" or \"keyPasswordEnv = NAME\" (set at "
                + conf.toRealPath() + ":8)"), out);
        assertTrue(out.contains("[!] Service [nopass]: Failed to initialize TLS context"), out);
    }

    @Test
    void anUnsetPasswordVariableIsAConfigurationErrorAtItsLine() throws Exception {
        Path conf = OurPrograms.serverConf(dir, "", "unset", 9, protectedP12,
                "keyPasswordEnv = STUNNEL_JAVA_TEST_UNSET_VARIABLE");
        String out = OurPrograms.refusedAtStartUp(Programs.Mode.SERVER, conf);
        assertTrue(out.contains("[!] " + conf.toRealPath() + ":8: \"keyPasswordEnv = "
                + "STUNNEL_JAVA_TEST_UNSET_VARIABLE\": Environment variable \"STUNNEL_JAVA_TEST_UNSET_VARIABLE\""
                + " is not set"), out);
    }

    /** What the README says: the options are ours; stunnel knows neither (its own answer is a terminal prompt). */
    @Test
    void stunnelItselfDoesNotKnowTheOptions() throws Exception {
        Path conf = Confs.write(dir, "stunnel.conf", """
                pid =
                [s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:9
                cert = %s
                keyPasswordEnv = X
                """.formatted(protectedP12));
        try (ManagedProcess stunnel = Programs.stunnel(conf)) {
            assertEquals(1, stunnel.awaitExit(Programs.START), stunnel.output());
            assertTrue(stunnel.output().contains("\"keyPasswordEnv = X\": Specified option name is not valid here"),
                    stunnel.output());
        }
    }
}
