package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * Reloads without a SIGHUP, for short-lived certificates: {@code reloadOnChange} when the certificate file is
 * renewed in place or by a rename, and {@code reloadInterval} on a timer. A renewal written half-way (a
 * certificate whose key is not there yet) fails that reload and keeps the running certificate; the next change
 * completes it.
 */
@Tag("e2e")
class ReloadTriggersIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext tls;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        tls = JdkTls.client(pki, null);
    }

    private static ManagedProcess server(String name, String globals, Path cert, Path key, int backend)
            throws Exception {
        Path conf = Confs.write(dir, name + ".conf", globals + """
                [r]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                """.formatted(backend, cert, key));
        return Programs.stunnelJava(Programs.Mode.SERVER, conf);
    }

    private static BigInteger served(int port) throws IOException {
        try (SSLSocket s = JdkTls.connect(tls, port)) {
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static boolean serves(int port, BigInteger serial) {
        try {
            return served(port).equals(serial);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aRenewedCertificateIsServedWithoutASignal() throws Exception {
        Path cert = dir.resolve("change-cert.pem");
        Path key = dir.resolve("change-key.pem");
        Files.copy(pki.server().chainPem(), cert);
        Files.copy(pki.server().keyPem(), key);
        try (Backends backend = Backends.echo();
             ManagedProcess server = server("change", "reloadOnChange = yes\n", cert, key, backend.port())) {
            int port = server.awaitPort("r", WAIT);
            server.await("Accepting new connections", WAIT);
            assertEquals(pki.server().cert().getSerialNumber(), served(port));

            // half a renewal: the new certificate, the old key: that reload fails, the old pair stays
            Files.copy(pki.wrongHost().chainPem(), cert, StandardCopyOption.REPLACE_EXISTING);
            server.await("Changed: .*change-cert.pem: reloading the configuration", WAIT);
            server.awaitCount("Failed to reload the configuration file", 1, WAIT);
            assertEquals(pki.server().cert().getSerialNumber(), served(port));

            // the key arrives by rename, as renewal tools write it
            Path next = dir.resolve("change-key.pem.new");
            Files.copy(pki.wrongHost().keyPem(), next);
            Files.move(next, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            server.awaitCount("Reload complete", 1, WAIT);
            assertEquals(pki.wrongHost().cert().getSerialNumber(), served(port));
            assertEquals(1, server.count("Failed to reload"), server.output());
        }
    }

    @Test
    void theReloadIntervalPicksUpACertificateReplacedInPlace() throws Exception {
        Path cert = dir.resolve("timer-cert.pem");
        Files.copy(pki.serverPem(), cert);
        try (Backends backend = Backends.echo();
             ManagedProcess server = server("timer", "reloadInterval = 1\n", cert, cert, backend.port())) {
            int port = server.awaitPort("r", WAIT);
            server.await("Accepting new connections", WAIT);
            Files.copy(pki.wrongHostPem(), cert, StandardCopyOption.REPLACE_EXISTING);
            Poll.until(() -> serves(port, pki.wrongHost().cert().getSerialNumber()), WAIT,
                    "the renewed certificate served after a timed reload");
            assertTrue(server.output().contains("Reload interval of 1 second(s) elapsed: reloading the"
                    + " configuration"), server.output());
        }
    }

    /** A new file that names a certificate not there yet fails; the certificate's arrival completes the reload. */
    @Test
    void aCertificateTheNewFileNamesIsWatchedAfterItsReloadFailed() throws Exception {
        Path cert = dir.resolve("arrive-a.pem");
        Path later = dir.resolve("arrive-b.pem");
        Files.copy(pki.serverPem(), cert);
        try (Backends backend = Backends.echo();
             ManagedProcess server = server("arrive", "reloadOnChange = yes\n", cert, cert, backend.port())) {
            server.awaitPort("r", WAIT);
            server.await("Accepting new connections", WAIT);
            Files.writeString(dir.resolve("arrive.conf"), Files.readString(dir.resolve("arrive.conf")) + """
                    [b]
                    accept = 127.0.0.1:0
                    connect = 127.0.0.1:%d
                    cert = %s
                    """.formatted(backend.port(), later));
            server.awaitCount("Failed to reload the configuration file", 1, WAIT);
            Files.copy(pki.wrongHostPem(), later);
            server.awaitCount("Reload complete", 1, WAIT);
            int b = server.awaitPort("b", WAIT);
            assertEquals(pki.wrongHost().cert().getSerialNumber(), served(b));
        }
    }
}
