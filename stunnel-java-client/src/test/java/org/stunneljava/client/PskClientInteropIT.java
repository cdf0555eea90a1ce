package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OurPrograms;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Programs;

/**
 * Our client program with a pre-shared key against the real stunnel 5.68 as a PSK-only server (stunnel-behaviour.md
 * #38), in TLS 1.2 and TLS 1.3: the suites are what two stunnels negotiate with each other.
 */
class PskClientInteropIT {
    private static final String TEXT_KEY = "yJ3bqA9kfX2mWq7LpZ0sTn4RvC8dEh1G";
    private static final byte[] HELLO = "hello psk\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws Exception {
        secrets("secrets.txt", "test1:" + TEXT_KEY + "\ntest2:00112233445566778899aabbccddeeff\n");
        secrets("psk2.txt", "test2:00112233445566778899AABBCCDDEEFF\n");
        secrets("wrong.txt", "test1:this-is-not-the-key-of-test1\n");
    }

    private static void secrets(String name, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(name), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static ManagedProcess stunnelServer(int backendPort) throws Exception {
        return Programs.stunnel(Confs.write(dir, "stunnel-server.conf", """
                pid =
                requireCert = yes
                [s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                PSKsecrets = %s
                """.formatted(backendPort, dir.resolve("secrets.txt"))));
    }

    private static ManagedProcess startClient(String name, int remotePort, String extra) throws Exception {
        return OurPrograms.client(dir, name, remotePort, extra);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLSv1.3, TLS_AES_128_GCM_SHA256", "TLSv1.2, ECDHE-PSK-CHACHA20-POLY1305"})
    void stunnelServerAcceptsOurKey(String version, String suite) throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess stunnel = stunnelServer(backend.port());
             ManagedProcess client = startClient("c", stunnel.awaitPort("s", Programs.START),
                     "PSKsecrets = " + dir.resolve("psk2.txt") + "\nsslVersion = " + version)) {
            assertArrayEquals(HELLO, PlainClient.exchange(client.awaitPort("c", Programs.START), HELLO));
            stunnel.await("Key configured for PSK identity \"test2\"", Programs.START);
            stunnel.await(version + " ciphersuite: " + suite, Programs.START);
            client.await("PSK client configured for identity \"test2\"", Programs.START);
            client.await(version + " ciphersuite: " + suite, Programs.START);
        }
    }

    @Test
    void stunnelServerRefusesAWrongKey() throws Exception {
        try (Backends backend = Backends.echo();
             ManagedProcess stunnel = stunnelServer(backend.port());
             ManagedProcess client = startClient("c", stunnel.awaitPort("s", Programs.START),
                     "PSKsecrets = " + dir.resolve("wrong.txt"))) {
            assertEquals(0, PlainClient.exchangeOrReset(client.awaitPort("c", Programs.START), HELLO).length);
            stunnel.await("binder does not verify", Programs.START);
            client.await("SSL_connect: sslv3 alert illegal parameter", Programs.START);
        }
    }
}
